/** The commit-log settings the append worker runs with and the test recovers with (1 MiB segments, so files roll). */
import path from 'node:path';
import { CommitLogConfig, defaultMessageStoreConfig, MessageStoreConfig } from '@rmq/store';

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

/** The whole-store settings of store-worker.ts and its test: small files so commit log and queues roll. */
export function wholeStoreCrashConfig(storeDir: string): MessageStoreConfig {
  return defaultMessageStoreConfig(storeDir, {
    mappedFileSizeCommitLog: STORE_CRASH_SEGMENT_BYTES,
    mappedFileSizeConsumeQueue: 1000 * 20,
    maxMessageSize: 64 * 1024,
    flushDiskType: 'SYNC_FLUSH',
    maxHashSlotNum: 1000,
    maxIndexNum: 4000,
    flushIntervalConsumeQueue: 50,
  });
}
