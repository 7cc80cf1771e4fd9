/**
 * What the message store needs to know, under RocketMQ's key names (so the broker's validated
 * BrokerConfig satisfies it as is). Sizes in bytes, intervals in ms unless the name says otherwise.
 */
export type FlushDiskType = 'ASYNC_FLUSH' | 'SYNC_FLUSH';
export type BrokerRole = 'ASYNC_MASTER' | 'SYNC_MASTER' | 'SLAVE';

export interface MessageStoreConfig {
  readonly storePathRootDir: string;
  readonly storePathCommitLog: string;
  readonly storePathConsumeQueue: string;
  readonly storePathIndex: string;
  readonly storeCheckpoint: string;
  readonly abortFile: string;
  readonly mappedFileSizeCommitLog: number;
  /** Bytes per consume-queue file (a multiple of 20). */
  readonly mappedFileSizeConsumeQueue: number;
  readonly flushDiskType: FlushDiskType;
  readonly brokerRole: BrokerRole;
  readonly flushIntervalCommitLog: number;
  readonly flushCommitLogLeastPages: number;
  readonly flushCommitLogThoroughInterval: number;
  readonly flushIntervalConsumeQueue: number;
  readonly flushConsumeQueueLeastPages: number;
  readonly flushConsumeQueueThoroughInterval: number;
  /** SYNC_FLUSH: a put waits at most this long for its fsync, then answers FLUSH_DISK_TIMEOUT. */
  readonly syncFlushTimeout: number;
  readonly maxMessageSize: number;
  /** Hours a commit-log file is kept. */
  readonly fileReservedTime: number;
  /** Hour(s) of day when expired files are deleted, e.g. "04" or "01;04". */
  readonly deleteWhen: string;
  /** Percent of the disk the store may fill before it deletes files at any hour. */
  readonly diskMaxUsedSpaceRatio: number;
  readonly maxHashSlotNum: number;
  readonly maxIndexNum: number;
  readonly checkCRCOnRecover: boolean;
  /** "1s 5s 10s 30s 1m ..." (levels 1..n). */
  readonly messageDelayLevel: string;
  readonly maxTransferBytesOnMessageInMemory: number;
  readonly maxTransferCountOnMessageInMemory: number;
  readonly maxTransferBytesOnMessageInDisk: number;
  readonly maxTransferCountOnMessageInDisk: number;
  readonly accessMessageInMemoryMaxRatio: number;
  readonly deleteCommitLogFilesInterval: number;
  readonly destroyMapedFileIntervalForcibly: number;
  readonly cleanResourceInterval: number;
}

/** OS page size used by the "least pages" flush thresholds. */
export const OS_PAGE_BYTES = 4096;

/** RocketMQ 4.9's defaults for a store rooted at `storePathRootDir` (tools and tests; the broker uses its config). */
export function defaultMessageStoreConfig(
  storePathRootDir: string,
  overrides: Partial<MessageStoreConfig> = {},
): MessageStoreConfig {
  return {
    storePathRootDir,
    storePathCommitLog: `${storePathRootDir}/commitlog`,
    storePathConsumeQueue: `${storePathRootDir}/consumequeue`,
    storePathIndex: `${storePathRootDir}/index`,
    storeCheckpoint: `${storePathRootDir}/checkpoint`,
    abortFile: `${storePathRootDir}/abort`,
    mappedFileSizeCommitLog: 1024 * 1024 * 1024,
    mappedFileSizeConsumeQueue: 300_000 * 20,
    flushDiskType: 'ASYNC_FLUSH',
    brokerRole: 'ASYNC_MASTER',
    flushIntervalCommitLog: 500,
    flushCommitLogLeastPages: 4,
    flushCommitLogThoroughInterval: 10_000,
    flushIntervalConsumeQueue: 1000,
    flushConsumeQueueLeastPages: 2,
    flushConsumeQueueThoroughInterval: 60_000,
    syncFlushTimeout: 5000,
    maxMessageSize: 4 * 1024 * 1024,
    fileReservedTime: 72,
    deleteWhen: '04',
    diskMaxUsedSpaceRatio: 75,
    maxHashSlotNum: 5_000_000,
    maxIndexNum: 20_000_000,
    checkCRCOnRecover: true,
    messageDelayLevel: '1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h',
    maxTransferBytesOnMessageInMemory: 256 * 1024,
    maxTransferCountOnMessageInMemory: 32,
    maxTransferBytesOnMessageInDisk: 64 * 1024,
    maxTransferCountOnMessageInDisk: 8,
    accessMessageInMemoryMaxRatio: 40,
    deleteCommitLogFilesInterval: 100,
    destroyMapedFileIntervalForcibly: 120_000,
    cleanResourceInterval: 10_000,
    ...overrides,
  };
}
