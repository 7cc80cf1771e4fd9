/**
 * Broker keys from RocketMQ 4.9.7's MessageStoreConfig, with its names and defaults, plus the 3.x
 * store path keys (storePathConsumeQueue, storePathIndex, storeCheckpoint, abortFile) that 4.x
 * always derives from storePathRootDir. Sizes are bytes; intervals without a unit are ms.
 */
import path from 'node:path';
import { KeySpec, boolKey, enumKey, intKey, longKey, portKey, stringKey } from './config-keys';
import { delayLevels, hourList, noBlanks, optionalHostPort, roundUpToMultiple } from './key-validators';

export const BROKER_ROLES = ['ASYNC_MASTER', 'SYNC_MASTER', 'SLAVE'] as const;
export type BrokerRole = (typeof BROKER_ROLES)[number];
export const FLUSH_DISK_TYPES = ['ASYNC_FLUSH', 'SYNC_FLUSH'] as const;
export type FlushDiskType = (typeof FLUSH_DISK_TYPES)[number];

/** ConsumeQueue.CQ_STORE_UNIT_SIZE: offset 8 + size 4 + tag hash 8. */
export const CONSUME_QUEUE_ENTRY_BYTES = 20;
const COMMIT_LOG_FILE_BYTES_DEFAULT = 1024 * 1024 * 1024;
const CONSUME_QUEUE_FILE_BYTES_DEFAULT = 300_000 * CONSUME_QUEUE_ENTRY_BYTES;
const MESSAGE_BYTES_MAX_DEFAULT = 4 * 1024 * 1024;

/** A path under storePathRootDir, as StorePathConfigHelper derives it. */
function underRoot(name: string, description: string, important = false): KeySpec<string> {
  return stringKey({
    default: (ctx) => path.join(ctx.string('storePathRootDir'), name),
    derivation: `storePathRootDir/${name}`,
    important,
    validate: noBlanks,
    description,
  });
}

export const STORE_PATH_KEYS = {
  storePathRootDir: stringKey({
    default: (ctx) => path.join(ctx.homeDir, 'store'),
    derivation: '$HOME/store',
    important: true,
    validate: noBlanks,
    description: 'root directory of the store',
  }),
  storePathCommitLog: underRoot('commitlog', 'commit log directory', true),
  storePathConsumeQueue: underRoot('consumequeue', 'consume queue directory (RocketMQ 3.x key)'),
  storePathIndex: underRoot('index', 'index file directory (RocketMQ 3.x key)'),
  storeCheckpoint: underRoot('checkpoint', 'checkpoint file (RocketMQ 3.x key)'),
  abortFile: underRoot('abort', 'abort marker file (RocketMQ 3.x key)'),
};

export const STORE_FILE_KEYS = {
  mappedFileSizeCommitLog: intKey({
    default: COMMIT_LOG_FILE_BYTES_DEFAULT,
    min: 1,
    aliases: ['mapedFileSizeCommitLog'],
    description: 'bytes per commit log file',
  }),
  mappedFileSizeConsumeQueue: intKey({
    default: CONSUME_QUEUE_FILE_BYTES_DEFAULT,
    min: 1,
    aliases: ['mapedFileSizeConsumeQueue'],
    adjust: roundUpToMultiple(CONSUME_QUEUE_ENTRY_BYTES, 'the consume queue entry size'),
    description: 'bytes per consume queue file; a multiple of 20 (one entry), default 300000 entries',
  }),
  maxMessageSize: intKey({
    default: MESSAGE_BYTES_MAX_DEFAULT,
    min: 1,
    description: 'largest message body, bytes',
  }),
  maxHashSlotNum: intKey({ default: 5_000_000, min: 1, description: 'hash slots per index file' }),
  maxIndexNum: intKey({ default: 5_000_000 * 4, min: 1, description: 'entries per index file' }),
  messageIndexEnable: boolKey({ default: true, important: true, description: 'build the key/msgId index' }),
  messageIndexSafe: boolKey({
    default: false,
    important: true,
    description: 'include the index in the crash-recovery start point',
  }),
  checkCRCOnRecover: boolKey({ default: true, description: 'verify record CRCs when recovering' }),
  messageDelayLevel: stringKey({
    default: '1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h',
    validate: delayLevels,
    description: 'delays of levels 1, 2, ... (units s, m, h, d)',
  }),
  defaultQueryMaxNum: intKey({ default: 32, min: 1, description: 'most messages one query returns' }),
};

export const STORE_FLUSH_KEYS = {
  flushDiskType: enumKey(FLUSH_DISK_TYPES, {
    default: 'ASYNC_FLUSH',
    important: true,
    description: 'SYNC_FLUSH acknowledges a send only after fsync',
  }),
  flushIntervalCommitLog: intKey({
    default: 500,
    min: 1,
    important: true,
    description: 'ms between async flushes',
  }),
  flushCommitLogLeastPages: intKey({ default: 4, min: 0, description: 'dirty 4 KiB pages needed to flush' }),
  flushCommitLogThoroughInterval: intKey({
    default: 10_000,
    min: 1,
    description: 'ms after which any dirty data is flushed',
  }),
  flushIntervalConsumeQueue: intKey({
    default: 1000,
    min: 1,
    description: 'ms between consume queue flushes',
  }),
  flushConsumeQueueLeastPages: intKey({
    default: 2,
    min: 0,
    description: 'dirty pages needed to flush a consume queue',
  }),
  flushConsumeQueueThoroughInterval: intKey({
    default: 60_000,
    min: 1,
    description: 'ms after which a consume queue is flushed',
  }),
  flushDelayOffsetInterval: longKey({
    default: 10_000,
    min: 1,
    description: 'ms between delayOffset.json writes',
  }),
  syncFlushTimeout: intKey({
    default: 5000,
    min: 1,
    description: 'ms a SYNC_FLUSH send waits before FLUSH_DISK_TIMEOUT',
  }),
};

export const STORE_RETENTION_KEYS = {
  deleteWhen: stringKey({
    default: '04',
    important: true,
    validate: hourList,
    description: "hours of day when expired files are deleted, e.g. '04' or '04;16'",
  }),
  fileReservedTime: intKey({
    default: 72,
    min: 0,
    important: true,
    description: 'hours a commit log file is kept',
  }),
  diskMaxUsedSpaceRatio: intKey({
    default: 75,
    min: 10,
    max: 95,
    description: 'percent of disk use above which old files are deleted early',
  }),
  cleanFileForciblyEnable: boolKey({
    default: true,
    important: true,
    description: 'delete unexpired files when the disk is nearly full',
  }),
  cleanResourceInterval: intKey({ default: 10_000, min: 1, description: 'ms between retention runs' }),
  deleteCommitLogFilesInterval: intKey({
    default: 100,
    min: 0,
    description: 'ms pause between two commit log deletions',
  }),
  deleteConsumeQueueFilesInterval: intKey({
    default: 100,
    min: 0,
    description: 'ms pause between two consume queue deletions',
  }),
  destroyMapedFileIntervalForcibly: intKey({
    default: 120_000,
    min: 0,
    description: 'ms before a file still in use is deleted anyway',
  }),
  redeleteHangedFileInterval: intKey({
    default: 120_000,
    min: 0,
    description: 'ms before retrying a deletion that hung',
  }),
};

export const STORE_TRANSFER_KEYS = {
  maxTransferBytesOnMessageInMemory: intKey({
    default: 256 * 1024,
    min: 1,
    important: true,
    description: 'pull bytes max from memory',
  }),
  maxTransferCountOnMessageInMemory: intKey({
    default: 32,
    min: 1,
    important: true,
    description: 'pull messages max from memory',
  }),
  maxTransferBytesOnMessageInDisk: intKey({
    default: 64 * 1024,
    min: 1,
    important: true,
    description: 'pull bytes max from disk',
  }),
  maxTransferCountOnMessageInDisk: intKey({
    default: 8,
    min: 1,
    important: true,
    description: 'pull messages max from disk',
  }),
  accessMessageInMemoryMaxRatio: intKey({
    default: 40,
    min: 0,
    max: 100,
    important: true,
    description: 'percent of memory beyond which a pull counts as reading from disk',
  }),
};

export const STORE_HA_KEYS = {
  brokerRole: enumKey(BROKER_ROLES, {
    default: 'ASYNC_MASTER',
    important: true,
    description: 'ASYNC_MASTER, SYNC_MASTER (acks after a slave has the message) or SLAVE',
  }),
  haListenPort: portKey({
    default: (ctx) => ctx.int('listenPort') + 1,
    derivation: 'listenPort + 1',
    important: true,
    description: 'port a master serves replication on',
  }),
  haMasterAddress: stringKey({
    default: '',
    important: true,
    validate: optionalHostPort,
    description: "a slave's fixed master HA address host:port (empty: learnt from the name server)",
  }),
  haSendHeartbeatInterval: intKey({
    default: 5000,
    min: 1,
    description: 'ms between slave offset reports when idle',
  }),
  haHousekeepingInterval: intKey({
    default: 20_000,
    min: 1,
    description: 'ms of silence before an HA connection is dropped',
  }),
  haTransferBatchSize: intKey({ default: 32 * 1024, min: 1, description: 'bytes per replication transfer' }),
  haSlaveFallbehindMax: intKey({
    default: 256 * 1024 * 1024,
    min: 0,
    description: 'bytes a slave may lag and still count as in sync for SYNC_MASTER',
  }),
  slaveTimeout: intKey({ default: 3000, min: 1, description: 'ms a SYNC_MASTER send waits for the slave' }),
};
