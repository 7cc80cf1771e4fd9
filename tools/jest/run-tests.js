#!/usr/bin/env node
// Runs Jest (args passed through) and ends the output with one plain line CI reads:
// `Tests: N passed, N failed[, N skipped]`. The exit code is Jest's.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const resultsFile = path.join(root, 'dist', 'jest-results.json');
mkdirSync(path.dirname(resultsFile), { recursive: true });

const jestBin = require.resolve('jest/bin/jest');
const run = spawnSync(
  process.execPath,
  [jestBin, '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

if (existsSync(resultsFile)) {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const failed = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
  const skipped = r.numPendingTests + (r.numTodoTests || 0);
  process.stdout.write(
    `\nTests: ${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
  );
}
process.exit(run.status === null ? 1 : run.status);
