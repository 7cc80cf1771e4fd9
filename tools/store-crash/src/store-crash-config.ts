/** The commit-log settings the append worker runs with and the test recovers with (1 MiB segments, so files roll). */
import path from 'node:path';
import type { CommitLogConfig } from '@rmq/store';

export const STORE_CRASH_SEGMENT_BYTES = 1024 * 1024;

export function storeCrashConfig(storeDir: string): CommitLogConfig {
  return {
    storePathCommitLog: path.join(storeDir, 'commitlog'),
    mappedFileSizeCommitLog: STORE_CRASH_SEGMENT_BYTES,
    maxMessageSize: 64 * 1024,
    flushDiskType: 'SYNC_FLUSH',
    syncFlushTimeout: 5000,
    flushIntervalCommitLog: 500,
    flushCommitLogLeastPages: 4,
    flushCommitLogThoroughInterval: 10_000,
  };
}
