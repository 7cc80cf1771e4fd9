/**
 * What a CommitLog is built from: the store settings it reads (RocketMQ key names), its collaborators
 * (file system, clocks, logger, checkpoint) and its bounds, each a named constant with its unit.
 */
import type { StoreCheckpoint } from '../checkpoint/store-checkpoint';
import type { FileSystem } from '../fs/file-system';
import type { MessageToStore } from '../message-store';
import type { MessageStoreConfig } from '../store-config';

/** A pino logger satisfies it structurally (store may not import observability). */
export interface CommitLogLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

function ignore(_obj: object, _msg?: string): void {
  // Intentionally empty: the no-op default.
}

export const NOOP_COMMIT_LOG_LOGGER: CommitLogLogger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
});

export type CommitLogConfig = Pick<
  MessageStoreConfig,
  | 'storePathCommitLog'
  | 'mappedFileSizeCommitLog'
  | 'maxMessageSize'
  | 'flushDiskType'
  | 'syncFlushTimeout'
  | 'flushIntervalCommitLog'
  | 'flushCommitLogLeastPages'
  | 'flushCommitLogThoroughInterval'
>;

/** Bytes appended in one event-loop turn before the write buffer goes to the OS early. */
export const COMMIT_LOG_WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
/** Puts waiting for their commit or fsync at once; more are refused with OS_PAGECACHE_BUSY. */
export const COMMIT_LOG_IN_FLIGHT_PUTS_MAX = 65_536;

export interface CommitLogOptions {
  fs: FileSystem;
  config: CommitLogConfig;
  /** Store timestamps, wall-clock ms; read once per put or batch. Default Date.now. */
  clock?: () => number;
  /** Monotonic ms for flush timeouts and intervals. Default performance.now. */
  monotonicClock?: () => number;
  logger?: CommitLogLogger;
  /** When given, physicMsgTimestamp follows each successful flush (the composer flushes the file). */
  checkpoint?: StoreCheckpoint;
  writeBufferBytes?: number;
  inFlightPutsMax?: number;
}

/** One record read back from the log. */
export interface CommitLogRecord {
  /** Commit-log offset of the record. */
  offset: number;
  size: number;
  /** The whole record (a view; copy it to keep it beyond the next read). */
  record: Buffer;
}

/** `topic-queueId`, the key of the topic-queue table (RocketMQ's). */
export function topicQueueKey(topic: string, queueId: number): string {
  return `${topic}-${queueId}`;
}

/** A record as appended in the current turn; the commit listener gets these once they are committed. */
export interface AppendedRecord {
  /** Commit-log offset of the record. */
  readonly offset: number;
  readonly size: number;
  readonly msg: MessageToStore;
  readonly queueOffset: number;
  readonly storeTimestamp: number;
}

/**
 * Told, right after each commit, which records it wrote (in log order, BLANK padding left out):
 * dispatch uses it to build consume-queue and index entries without reading the records back.
 */
export type CommitListener = (records: readonly AppendedRecord[]) => void;
