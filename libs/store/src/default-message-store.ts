/**
 * DefaultMessageStore: the file-backed MessageStore (RocketMQ's DefaultMessageStore). It composes
 * the commit log, the consume queues, the index, the checkpoint and the services that keep them in
 * step. Start-up order and recovery live in store-recovery.ts; background work in store-services.ts.
 * Invariant while running: consume queues and index only ever describe bytes the commit log holds.
 */
import os from 'node:os';
import { readInt64 } from '@rmq/protocol';
import { StoreLock } from './checkpoint/store-lock';
import { CommitLog } from './commitlog/commit-log';
import { ConsumeQueueStore } from './consumequeue/consume-queue-store';
import { getMessageFromQueue, inDiskByMemoryRatio, InDiskCheck } from './consumequeue/get-message';
import { ConsumeQueueDispatcher, IndexDispatcher } from './dispatch/commit-log-dispatcher';
import { parseDelayLevels } from './dispatch/delay-level';
import { ReputService } from './dispatch/reput-service';
import { NOOP_STORE_LOGGER, StoreLogger } from './dispatch/store-ports';
import { FileSystem } from './fs/file-system';
import { NodeFileSystem } from './fs/node-file-system';
import { IndexService } from './index-file/index-service';
import {
  GetMessageResult,
  MessageArrivingListener,
  MessageFilter,
  MessageStore,
  MessageToStore,
  PutMessageResult,
  QueryMessageResult,
} from './message-store';
import { DiskSpaceGuard } from './retention/disk-space-guard';
import { MessageStoreConfig } from './store-config';
import { recoverStore, StoreParts } from './store-recovery';
import { StoreServices } from './store-services';

export interface DefaultMessageStoreOptions {
  config: MessageStoreConfig;
  fs?: FileSystem;
  /** Wall-clock ms for store timestamps and file names. */
  clock?: () => number;
  logger?: StoreLogger;
  /** Physical memory used by the "message is on disk" test (pull batch limits). */
  totalMemoryBytes?: number;
  /**
   * Take the `lock` file that keeps a second process off the directory (default: on, with the real
   * file system; a simulated file system has no other processes to keep out).
   */
  processLock?: boolean;
}

export class DefaultMessageStore implements MessageStore {
  private readonly config: MessageStoreConfig;
  private readonly fs: FileSystem;
  private readonly logger: StoreLogger;
  private readonly isInDisk: InDiskCheck;
  private parts: StoreParts | undefined;
  private services: StoreServices | undefined;
  private readonly lock: StoreLock | undefined;
  private readonly cqDispatcher: ConsumeQueueDispatcher;
  private readonly guard: DiskSpaceGuard;
  private state: 'new' | 'running' | 'stopped' = 'new';

  readonly commitLog: CommitLog;
  readonly consumeQueues: ConsumeQueueStore;
  readonly indexService: IndexService;

  constructor(private readonly options: DefaultMessageStoreOptions) {
    this.config = options.config;
    this.fs = options.fs ?? new NodeFileSystem();
    this.logger = options.logger ?? NOOP_STORE_LOGGER;
    const clock = options.clock ?? Date.now;
    this.isInDisk = inDiskByMemoryRatio(
      options.totalMemoryBytes ?? os.totalmem(),
      this.config.accessMessageInMemoryMaxRatio,
    );
    const processLock = options.processLock ?? this.fs instanceof NodeFileSystem;
    this.lock = processLock ? new StoreLock(`${this.config.storePathRootDir}/lock`) : undefined;
    this.commitLog = new CommitLog({ fs: this.fs, config: this.config, clock, logger: this.logger });
    this.consumeQueues = new ConsumeQueueStore({ fs: this.fs, config: this.config, logger: this.logger });
    this.indexService = new IndexService({
      fs: this.fs,
      storePath: this.config.storePathIndex,
      hashSlotNum: this.config.maxHashSlotNum,
      indexNum: this.config.maxIndexNum,
      clock,
      logger: this.logger,
    });
    this.cqDispatcher = new ConsumeQueueDispatcher(this.consumeQueues);
    this.guard = new DiskSpaceGuard({ usedPercent: () => this.diskUsedPercent() }, {}, this.logger);
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`start() in state ${this.state}`);
    this.fs.mkdirs(this.config.storePathRootDir);
    this.lock?.acquire();
    try {
      const commitLog = this.commitLog;
      const reput = new ReputService({
        // Dispatch reads only what reached the OS: bytes of this turn's puts are not readable yet.
        source: {
          readRecordsFrom: (offset, maxBytes) => commitLog.readRecordsFrom(offset, maxBytes),
          maxOffset: () => commitLog.committedOffset(),
          minOffset: () => commitLog.minOffset(),
        },
        dispatchers: [this.cqDispatcher, new IndexDispatcher(this.indexService, { logger: this.logger })],
        delayLevelTableMs: parseDelayLevels(this.config.messageDelayLevel),
        logger: this.logger,
      });
      this.parts = await recoverStore({
        fs: this.fs,
        config: this.config,
        logger: this.logger,
        commitLog: this.commitLog,
        consumeQueues: this.consumeQueues,
        indexService: this.indexService,
        reput,
      });
      this.commitLog.start();
      reput.start();
      // Dispatch what each commit wrote straight from memory; the log-reading path stays the fallback.
      this.commitLog.setCommitListener((records) => reput.dispatchAppended(records));
      this.guard.check();
      this.services = new StoreServices(this.parts, this.config, this.fs, this.logger, this.guard);
      this.services.start();
      this.state = 'running';
    } catch (err) {
      this.lock?.release();
      throw err;
    }
  }

  async shutdown(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopped';
    await this.services?.stop();
    const parts = this.parts;
    if (!parts) return;
    await parts.reput.stop();
    await this.commitLog.shutdown();
    const cq = await this.consumeQueues.flushAll(0);
    const indexTimestamp = await this.indexService.flush();
    parts.checkpoint.physicMsgTimestamp = this.commitLog.flushedStoreTimestamp();
    if (cq.logicsMsgTimestampMs > 0) parts.checkpoint.logicsMsgTimestamp = cq.logicsMsgTimestampMs;
    if (indexTimestamp > 0) parts.checkpoint.indexMsgTimestamp = indexTimestamp;
    await parts.checkpoint.flush();
    parts.checkpoint.close();
    this.consumeQueues.close();
    this.indexService.close();
    await parts.abortFile.remove();
    this.lock?.release();
  }

  /** Not `async`: an async wrapper would cost each put an extra promise and microtask turns. */
  putMessage(msg: MessageToStore): Promise<PutMessageResult> {
    const refused = this.refusal();
    if (refused) return Promise.resolve(refused);
    try {
      return this.commitLog.putMessage(msg);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async putMessages(msgs: MessageToStore[]): Promise<PutMessageResult> {
    const refused = this.refusal();
    if (refused) return refused;
    return this.commitLog.putMessages(msgs);
  }

  private refusal(): PutMessageResult | undefined {
    if (this.state !== 'running')
      return { status: 'SERVICE_NOT_AVAILABLE', remark: 'the message store is not running' };
    if (this.config.brokerRole === 'SLAVE') {
      return { status: 'SERVICE_NOT_AVAILABLE', remark: 'a slave store does not accept puts' };
    }
    if (!this.guard.isWritable()) return this.guard.refusal();
    return undefined;
  }

  getMessage(
    _group: string,
    topic: string,
    queueId: number,
    offset: number,
    maxMsgNums: number,
    filter?: MessageFilter,
  ): GetMessageResult {
    const fileSize = this.config.mappedFileSizeCommitLog;
    return getMessageFromQueue(
      {
        consumeQueue: this.consumeQueues.findOrCreate(topic, queueId),
        readRecord: (phyOffset, size) => this.readRecord(phyOffset, size),
        maxPhyOffset: this.commitLog.maxOffset(),
        rollNextFile: (phyOffset) => phyOffset + fileSize - (phyOffset % fileSize),
        isInDisk: this.isInDisk,
        limits: this.config,
        correctOffsets: this.config.brokerRole !== 'SLAVE',
      },
      offset,
      maxMsgNums,
      filter,
    );
  }

  /** The record at phyOffset if it is exactly `size` bytes long (blank queue entries are not). */
  private readRecord(phyOffset: number, size: number): Buffer | undefined {
    if (size <= 0 || size > this.config.maxMessageSize + 64 * 1024 + 4096) return undefined;
    const data = this.commitLog.getData(phyOffset, size);
    if (!data || data.length !== size || data.readInt32BE(0) !== size) return undefined;
    return data;
  }

  getMaxOffsetInQueue(topic: string, queueId: number): number {
    return this.consumeQueues.find(topic, queueId)?.maxOffsetInQueue() ?? 0;
  }

  getMinOffsetInQueue(topic: string, queueId: number): number {
    return this.consumeQueues.find(topic, queueId)?.minOffsetInQueue() ?? 0;
  }

  getCommitLogOffsetInQueue(topic: string, queueId: number, consumeQueueOffset: number): number {
    return this.consumeQueues.find(topic, queueId)?.getEntry(consumeQueueOffset)?.commitLogOffset ?? 0;
  }

  getOffsetInQueueByTime(topic: string, queueId: number, timestamp: number): number {
    const queue = this.consumeQueues.find(topic, queueId);
    if (!queue) return 0;
    return queue.getOffsetInQueueByTime(
      timestamp,
      (phy, size) => this.storeTimeOf(phy, size),
      this.commitLog.minOffset(),
    );
  }

  getEarliestMessageTime(topic: string, queueId: number): number {
    const queue = this.consumeQueues.find(topic, queueId);
    if (!queue) return -1;
    return this.getMessageStoreTimeStamp(topic, queueId, queue.minOffsetInQueue());
  }

  getMessageStoreTimeStamp(topic: string, queueId: number, consumeQueueOffset: number): number {
    const entry = this.consumeQueues.find(topic, queueId)?.getEntry(consumeQueueOffset);
    return entry ? this.storeTimeOf(entry.commitLogOffset, entry.size) : -1;
  }

  private storeTimeOf(phyOffset: number, size: number): number {
    const record = this.readRecord(phyOffset, size);
    return record ? storeTimestampOf(record) : -1;
  }

  lookMessageByOffset(commitLogOffset: number): Buffer | undefined {
    return this.commitLog.lookMessage(commitLogOffset);
  }

  queryMessage(topic: string, key: string, maxNum: number, begin: number, end: number): QueryMessageResult {
    const found = this.indexService.queryOffset(topic, key, maxNum, begin, end);
    const messages: Buffer[] = [];
    // The index yields the newest maxNum matches, newest first; answer them oldest first.
    for (const phyOffset of [...found.phyOffsets].sort((a, b) => a - b)) {
      const record = this.commitLog.lookMessage(phyOffset);
      if (record) messages.push(record);
    }
    return {
      messages,
      indexLastUpdateTimestamp: found.indexLastUpdateTimestamp,
      indexLastUpdatePhyoffset: found.indexLastUpdatePhyoffset,
    };
  }

  getMinPhyOffset(): number {
    return this.commitLog.minOffset();
  }

  getMaxPhyOffset(): number {
    return this.commitLog.maxOffset();
  }

  cleanTopic(topic: string): void {
    this.consumeQueues.destroyTopic(topic);
    for (const key of [...this.commitLog.topicQueueTable().keys()]) {
      if (key.startsWith(`${topic}-`) && /^\d+$/.test(key.slice(topic.length + 1)))
        this.commitLog.removeTopicQueueOffset(key);
    }
  }

  setMessageArrivingListener(listener: MessageArrivingListener | undefined): void {
    this.cqDispatcher.setMessageArrivingListener(listener);
  }

  /** Bytes appended to the commit log but not yet in the consume queues and index. */
  dispatchBehindBytes(): number {
    return this.parts?.reput.dispatchBehindBytes() ?? 0;
  }

  /** Resolves once everything appended so far is in the consume queues and index. */
  async waitDispatched(): Promise<void> {
    await this.parts?.reput.drain();
  }

  isDiskWritable(): boolean {
    return this.guard.isWritable();
  }

  private diskUsedPercent(): number {
    try {
      const { totalBytes, freeBytes } = this.fs.diskUsage(this.config.storePathCommitLog);
      return totalBytes > 0 ? ((totalBytes - freeBytes) / totalBytes) * 100 : -1;
    } catch {
      return -1;
    }
  }
}

/** STORETIMESTAMP of a stored record (offset 56 with an IPv4 born host, 68 with IPv6). */
function storeTimestampOf(record: Buffer): number {
  const bornHostV6 = (record.readInt32BE(36) & 0x10) !== 0;
  return readInt64(record, bornHostV6 ? 68 : 56);
}
