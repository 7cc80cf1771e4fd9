/**
 * A private install of this workspace for process tests: `<rootDir>/install` with bin/, dist/ and
 * tools/ linked to the workspace. The scripts under bin/ find their install as bin/.., so processes
 * started from it carry its path, and its `bin/mqshutdown` (which signals every process of its
 * install, as RocketMQ's does) stops only them: not other tests' processes, nor a developer's
 * cluster running from the workspace itself.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE_ROOT } from './processes';

/** What the scripts under bin/ need beside them. */
const INSTALL_PARTS = ['bin', 'dist', 'tools'] as const;

/** Creates `<rootDir>/install` and returns its path. */
export function makePrivateInstall(rootDir: string): string {
  const install = path.join(rootDir, 'install');
  mkdirSync(install, { recursive: true });
  for (const part of INSTALL_PARTS) symlinkSync(path.join(WORKSPACE_ROOT, part), path.join(install, part));
  return install;
}
