/**
 * All consume queues of a store: topic → queueId → ConsumeQueue, created on first use and loaded
 * from <storePathConsumeQueue>/<topic>/<queueId>/ at start. Flushes follow RocketMQ's
 * FlushConsumeQueueService: at least flushConsumeQueueLeastPages dirty pages per queue, and
 * everything once per flushConsumeQueueThoroughInterval; a thorough flush reports the store time of
 * the last entry that was put before it started, which the checkpoint may then record as logicsMsgTimestamp.
 *
 * Memory: per loaded queue file one open fd; the file being written also holds its MappedFile
 * write buffer (writeBufferBytes, 4 KiB by default, released when the file is full). No bound on the
 * number of queues: 10 000 queues ≈ 10 000+ fds and ≈ 40 MB of buffers.
 */
import { FileSystem } from '../fs/file-system';
import { MessageStoreConfig } from '../store-config';
import { NOOP_STORE_LOGGER, StoreClock, StoreLogger, SYSTEM_STORE_CLOCK } from '../dispatch/store-ports';
import { ConsumeQueue, PutEntryOutcome } from './consume-queue';

const QUEUE_ID_DIR = /^\d{1,9}$/;

export type ConsumeQueueStoreConfig = Pick<
  MessageStoreConfig,
  | 'storePathConsumeQueue'
  | 'mappedFileSizeConsumeQueue'
  | 'flushConsumeQueueLeastPages'
  | 'flushConsumeQueueThoroughInterval'
>;

export interface ConsumeQueueStoreOptions {
  readonly fs: FileSystem;
  readonly config: ConsumeQueueStoreConfig;
  readonly clock?: StoreClock;
  readonly logger?: StoreLogger;
  /** Write buffer per consume-queue file (default 4 KiB). */
  readonly writeBufferBytes?: number;
}

export interface ConsumeQueueFlushResult {
  /** Every queue was flushed completely (least pages 0). */
  readonly thorough: boolean;
  /** Queues that had enough dirty data to be flushed. */
  readonly flushedQueues: number;
  /**
   * On a thorough flush, the store time of the last entry put before it began (0 if none): every
   * entry up to it is now durable. 0 otherwise.
   */
  readonly logicsMsgTimestampMs: number;
}

export class ConsumeQueueStore {
  private readonly table = new Map<string, Map<number, ConsumeQueue>>();
  private readonly clock: StoreClock;
  private readonly logger: StoreLogger;
  private lastThoroughFlushMs = 0;
  private lastPutStoreTimestampMs = 0;
  private flushChain: Promise<unknown> = Promise.resolve();
  /** Parent directories that gained a topic or queue directory since the last thorough flush. */
  private readonly dirsToSync = new Set<string>();

  constructor(private readonly options: ConsumeQueueStoreOptions) {
    this.clock = options.clock ?? SYSTEM_STORE_CLOCK;
    this.logger = options.logger ?? NOOP_STORE_LOGGER;
  }

  find(topic: string, queueId: number): ConsumeQueue | undefined {
    return this.table.get(topic)?.get(queueId);
  }

  findOrCreate(topic: string, queueId: number): ConsumeQueue {
    const existing = this.find(topic, queueId);
    if (existing) return existing;
    const queue = this.newQueue(topic, queueId);
    this.register(queue);
    this.dirsToSync
      .add(this.options.config.storePathConsumeQueue)
      .add(`${this.options.config.storePathConsumeQueue}/${topic}`);
    return queue;
  }

  /** Opens every <topic>/<queueId> directory under storePathConsumeQueue (call recoverAll() next). */
  load(): void {
    const { fs, config } = this.options;
    const root = config.storePathConsumeQueue;
    fs.mkdirs(root);
    for (const topic of fs.list(root)) {
      const topicDir = `${root}/${topic}`;
      if (!fs.isDirectory(topicDir)) continue;
      for (const name of fs.list(topicDir)) {
        if (!QUEUE_ID_DIR.test(name) || !fs.isDirectory(`${topicDir}/${name}`)) continue;
        const queue = this.newQueue(topic, Number(name));
        queue.load();
        this.register(queue);
      }
    }
    this.logger.info({ queues: this.queueCount() }, 'consume queues loaded');
  }

  recoverAll(): void {
    for (const queue of this.queues()) queue.recover();
  }

  /** Puts one entry and remembers its store time for the checkpoint. */
  putEntry(
    topic: string,
    queueId: number,
    cqOffset: number,
    commitLogOffset: number,
    size: number,
    tagsCode: number,
    storeTimestampMs: number,
  ): PutEntryOutcome {
    const outcome = this.findOrCreate(topic, queueId).putEntry(cqOffset, commitLogOffset, size, tagsCode);
    if (outcome !== 'duplicate') this.lastPutStoreTimestampMs = storeTimestampMs;
    return outcome;
  }

  /** Store time of the last entry put (RocketMQ's in-memory logicsMsgTimestamp); 0 before any. */
  lastPutStoreTimestamp(): number {
    return this.lastPutStoreTimestampMs;
  }

  /**
   * Flushes queues with at least `leastPages` dirty pages; every queue (thorough) when leastPages
   * is 0 or flushConsumeQueueThoroughInterval has passed since the last thorough flush. Runs after
   * any flush still in progress. The first I/O error is rethrown after the other queues were tried.
   */
  flushAll(leastPages = this.options.config.flushConsumeQueueLeastPages): Promise<ConsumeQueueFlushResult> {
    const run = this.flushChain.then(() => this.flushOnce(leastPages));
    this.flushChain = run.catch(() => undefined);
    return run;
  }

  /** End of the furthest record any queue points at: where re-dispatch starts (clamp to the log's min). */
  maxPhyOffsetInConsumeQueues(): number {
    let max = 0;
    for (const queue of this.queues()) max = Math.max(max, queue.maxPhysicOffset());
    return max;
  }

  /** "topic-queueId" → next queue offset, to seed the commit log's queue offset table. */
  topicQueueOffsets(): Map<string, number> {
    const offsets = new Map<string, number>();
    for (const queue of this.queues())
      offsets.set(`${queue.topic}-${queue.queueId}`, queue.maxOffsetInQueue());
    return offsets;
  }

  truncateDirtyLogicFiles(phyOffset: number): void {
    for (const queue of this.queues()) queue.truncateDirtyLogicFiles(phyOffset);
  }

  correctMinOffsets(minPhyOffset: number): void {
    for (const queue of this.queues()) queue.correctMinOffset(minPhyOffset);
  }

  /** Retention: deletes queue files wholly below the commit log's min offset; returns files deleted. */
  deleteExpiredFiles(minPhyOffset: number): number {
    let deleted = 0;
    for (const queue of this.queues()) deleted += queue.deleteExpiredFiles(minPhyOffset);
    return deleted;
  }

  /** Deletes every queue of a topic, files and directory (RocketMQ's cleanTopic / deleteTopics). */
  destroyTopic(topic: string): void {
    const queues = this.table.get(topic);
    if (!queues) return;
    for (const queue of queues.values()) queue.destroy();
    this.table.delete(topic);
    this.options.fs.removeTree(`${this.options.config.storePathConsumeQueue}/${topic}`);
  }

  *queues(): IterableIterator<ConsumeQueue> {
    for (const byId of this.table.values()) yield* byId.values();
  }

  queueCount(): number {
    let count = 0;
    for (const byId of this.table.values()) count += byId.size;
    return count;
  }

  close(): void {
    for (const queue of this.queues()) queue.close();
    this.table.clear();
  }

  private async flushOnce(requestedLeastPages: number): Promise<ConsumeQueueFlushResult> {
    const nowMs = this.clock();
    const interval = this.options.config.flushConsumeQueueThoroughInterval;
    const thorough = requestedLeastPages <= 0 || nowMs >= this.lastThoroughFlushMs + interval;
    const leastPages = thorough ? 0 : requestedLeastPages;
    if (thorough) this.lastThoroughFlushMs = nowMs;
    const logicsMsgTimestampMs = thorough ? this.lastPutStoreTimestampMs : 0;
    let flushedQueues = 0;
    let firstError: unknown;
    for (const queue of [...this.queues()]) {
      try {
        if (await queue.flush(leastPages)) flushedQueues += 1;
      } catch (err) {
        firstError ??= err;
        this.logger.error({ topic: queue.topic, queueId: queue.queueId, err }, 'consume queue flush failed');
      }
    }
    if (thorough) firstError ??= await this.syncNewDirectories();
    if (firstError !== undefined) throw firstError;
    return { thorough, flushedQueues, logicsMsgTimestampMs };
  }

  /** Makes new topic/queue directory entries durable; returns the first error instead of throwing. */
  private async syncNewDirectories(): Promise<unknown> {
    for (const dir of [...this.dirsToSync]) {
      try {
        if (this.options.fs.exists(dir)) await this.options.fs.syncDirectory(dir);
        this.dirsToSync.delete(dir);
      } catch (err) {
        this.logger.error({ dir, err }, 'directory fsync failed');
        return err;
      }
    }
    return undefined;
  }

  private newQueue(topic: string, queueId: number): ConsumeQueue {
    const { fs, config, writeBufferBytes } = this.options;
    return new ConsumeQueue({
      fs,
      rootDir: config.storePathConsumeQueue,
      topic,
      queueId,
      mappedFileSizeBytes: config.mappedFileSizeConsumeQueue,
      logger: this.logger,
      ...(writeBufferBytes === undefined ? {} : { writeBufferBytes }),
    });
  }

  private register(queue: ConsumeQueue): void {
    let byId = this.table.get(queue.topic);
    if (!byId) {
      byId = new Map();
      this.table.set(queue.topic, byId);
    }
    byId.set(queue.queueId, queue);
  }
}
