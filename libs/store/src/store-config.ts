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
