/**
 * Process test of `bin/benchmark store` (a short run): it measures the disk, appends in both flush
 * modes with progress lines, compares SYNC_FLUSH with the disk's group-commit ceiling, times a
 * crash recovery, and leaves nothing behind in its directory. It asserts the report, not speeds.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManagedProcess, WORKSPACE_ROOT } from '@rmq/testing';

const BENCHMARK = path.join(WORKSPACE_ROOT, 'bin', 'benchmark');
const NUMBER = '[\\d,.]+';

describe('bin/benchmark store (process)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-store-bench-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports both flush modes, the machine figures, the ceiling and recovery', async () => {
    const run = ManagedProcess.start(BENCHMARK, [
      'store',
      '--dir',
      dir,
      '--seconds',
      '1',
      '-w',
      '16',
      '-s',
      '512',
      '--recovery-mib',
      '8',
    ]);
    expect(await run.waitForExit(120_000)).toBe(0);
    const out = run.text();
    expect(out).toContain('16 writers, 512-byte bodies, 1 s per mode');
    expect(out).toMatch(
      new RegExp(
        `machine +sequential write ${NUMBER} MiB/s .*, device (${NUMBER} MiB/s|n/a) \\(the same with O_DIRECT\\), ${NUMBER} fdatasync/s`,
      ),
    );
    for (const mode of ['ASYNC_FLUSH', 'SYNC_FLUSH']) {
      expect(out).toMatch(new RegExp(`\\n  ${mode} +1 s: ${NUMBER} msg/s, ${NUMBER} MiB/s`));
      expect(out).toMatch(
        new RegExp(
          `\\n${mode} +${NUMBER} msg/s, ${NUMBER} MiB/s \\(\\d+% of sequential write\\), put latency p50 .* failed 0; CPU ${NUMBER} core \\(${NUMBER} µs per message\\)`,
        ),
      );
    }
    expect(out).toMatch(/SYNC_FLUSH \/ ASYNC_FLUSH throughput: \d+%/);
    expect(out).toMatch(
      new RegExp(
        `SYNC_FLUSH / group-commit ceiling: \\d+% \\(the disk alone does ${NUMBER} write\\+fdatasync/s of 16 records`,
      ),
    );
    expect(out).toMatch(new RegExp(`recovery .* ${NUMBER} MiB in ${NUMBER} s`));
    // The ASYNC run goes on until the log holds --recovery-mib, so recovery re-read at least that.
    const recovered = /(\d+) MiB in/.exec(out);
    expect(Number(recovered?.[1])).toBeGreaterThanOrEqual(8);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});
