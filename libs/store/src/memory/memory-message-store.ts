/**
 * MessageStore entirely in memory, observably the same as the file store: records in RocketMQ's
 * layout at the physical offsets one never-rolling log would give them, store times from the
 * injected clock, consecutive queue offsets per topic/queue, PREPARED/ROLLBACK records logged but
 * not queued. Bounded: it holds at most `maxBytesHeld` bytes (records + 20 per queue or index
 * entry) and refuses puts past that with SERVICE_NOT_AVAILABLE, as a file store with a full disk.
 */
import {
  decodeMessageProperties,
  encodeOffsetMessageId,
  encodeStoredMessage,
  getTransactionValue,
  isDispatchedTransactionType,
  MessageSysFlag,
  RmqError,
} from '@rmq/protocol';
import type {
  GetMessageResult,
  MessageArrivingListener,
  MessageFilter,
  MessageStore,
  MessageToStore,
  PutMessageResult,
  QueryMessageResult,
} from '../message-store';
import { MemoryCommitLog } from './memory-commit-log';
import { CONSUME_QUEUE_ENTRY_BYTES, MemoryConsumeQueue } from './memory-consume-queue';
import { GetMessageQueue, getMessageFromQueue } from '../consumequeue/get-message';
import { INDEX_ENTRY_BYTES, MemoryKeyIndex } from './memory-key-index';
import {
  MemoryMessageStoreOptions,
  MemoryStoreLogger,
  resolveMemoryStoreOptions,
  ResolvedMemoryStoreOptions,
} from './memory-message-store.options';
import { checkPutMessage, checkPutMessages, indexKeysOf } from '../put-message-checks';

/** A record ready to append: encoded for its offsets, with what the queue and index need. */
interface PlannedRecord {
  readonly record: Buffer;
  readonly physicalOffset: number;
  readonly msg: MessageToStore;
  /** Consume-queue offset, or undefined when the record is not queued. */
  readonly queueOffset: number | undefined;
  readonly indexKeys: readonly string[];
}

export class MemoryMessageStore implements MessageStore {
  private readonly options: ResolvedMemoryStoreOptions;
  private readonly logger: MemoryStoreLogger;
  private readonly log = new MemoryCommitLog();
  private readonly index = new MemoryKeyIndex();
  /** topic → queueId → queue. */
  private readonly queues = new Map<string, Map<number, MemoryConsumeQueue>>();
  private queueEntries = 0;
  private running = false;
  private listener: MessageArrivingListener | undefined;

  constructor(options: MemoryMessageStoreOptions = {}) {
    this.options = resolveMemoryStoreOptions(options);
    this.logger = this.options.logger;
  }

  async start(): Promise<void> {
    this.running = true;
  }

  /** Stops taking puts; the data stays, and start() serves it again (a "reopen"). */
  async shutdown(): Promise<void> {
    this.running = false;
  }

  /** Bytes counted against maxBytesHeld: records plus 20 per queue entry and per index entry. */
  bytesHeld(): number {
    return (
      this.log.bytesHeld() +
      this.queueEntries * CONSUME_QUEUE_ENTRY_BYTES +
      this.index.entryCount() * INDEX_ENTRY_BYTES
    );
  }

  async putMessage(msg: MessageToStore): Promise<PutMessageResult> {
    return this.put([msg], this.refusal() ?? checkPutMessage(msg, this.options.maxMessageSize));
  }

  async putMessages(msgs: MessageToStore[]): Promise<PutMessageResult> {
    return this.put(msgs, this.refusal() ?? checkPutMessages(msgs, this.options.maxMessageSize));
  }

  getMessage(
    _group: string,
    topic: string,
    queueId: number,
    offset: number,
    maxMsgNums: number,
    filter?: MessageFilter,
  ): GetMessageResult {
    const queue = this.queue(topic, queueId);
    const memoryLimits = {
      maxTransferCountOnMessageInMemory: this.options.maxTransferCountOnMessageInMemory,
      maxTransferBytesOnMessageInMemory: this.options.maxTransferBytesOnMessageInMemory,
    };
    // One answer table for both stores (consumequeue/get-message.ts); nothing here is "on disk".
    return getMessageFromQueue(
      {
        consumeQueue: queue ? pullView(queue) : EMPTY_QUEUE,
        readRecord: (commitLogOffset, size) => {
          const record = this.log.get(commitLogOffset);
          return record?.length === size ? record : undefined;
        },
        maxPhyOffset: this.getMaxPhyOffset(),
        rollNextFile: (commitLogOffset) => commitLogOffset + 1,
        isInDisk: () => false,
        limits: {
          ...memoryLimits,
          maxTransferCountOnMessageInDisk: memoryLimits.maxTransferCountOnMessageInMemory,
          maxTransferBytesOnMessageInDisk: memoryLimits.maxTransferBytesOnMessageInMemory,
        },
      },
      offset,
      maxMsgNums,
      filter,
    );
  }

  getMaxOffsetInQueue(topic: string, queueId: number): number {
    return this.queue(topic, queueId)?.maxOffset() ?? 0;
  }

  getMinOffsetInQueue(topic: string, queueId: number): number {
    return this.queue(topic, queueId)?.minOffset() ?? 0;
  }

  getCommitLogOffsetInQueue(topic: string, queueId: number, consumeQueueOffset: number): number {
    return this.queue(topic, queueId)?.entryAt(consumeQueueOffset)?.commitLogOffset ?? 0;
  }

  /** First offset stored at or after `timestamp`; the max offset when none was; 0 for no queue. */
  getOffsetInQueueByTime(topic: string, queueId: number, timestamp: number): number {
    return this.queue(topic, queueId)?.offsetByTime(timestamp) ?? 0;
  }

  getEarliestMessageTime(topic: string, queueId: number): number {
    const queue = this.queue(topic, queueId);
    return queue?.entryAt(queue.minOffset())?.storeTimestamp ?? -1;
  }

  getMessageStoreTimeStamp(topic: string, queueId: number, consumeQueueOffset: number): number {
    return this.queue(topic, queueId)?.entryAt(consumeQueueOffset)?.storeTimestamp ?? -1;
  }

  lookMessageByOffset(commitLogOffset: number): Buffer | undefined {
    return this.log.get(commitLogOffset);
  }

  /** Newest `min(maxNum, maxMsgsNumBatch)` messages with the key, returned oldest first. */
  queryMessage(topic: string, key: string, maxNum: number, begin: number, end: number): QueryMessageResult {
    const limit = Math.min(maxNum, this.options.maxMsgsNumBatch);
    const offsets = this.index.query(`${topic}#${key}`, limit, begin, end).sort((a, b) => a - b);
    const last = this.index.lastUpdate();
    return {
      messages: offsets.flatMap((o) => this.log.get(o) ?? []),
      indexLastUpdateTimestamp: last.timestampMs,
      indexLastUpdatePhyoffset: last.commitLogOffset,
    };
  }

  getMinPhyOffset(): number {
    return this.log.minOffset();
  }

  getMaxPhyOffset(): number {
    return this.log.maxOffset();
  }

  /** Drops the topic's queues; its records stay in the log (and the index) until truncated. */
  cleanTopic(topic: string): void {
    for (const q of this.queues.get(topic)?.values() ?? []) this.queueEntries -= q.size();
    this.queues.delete(topic);
  }

  setMessageArrivingListener(listener: MessageArrivingListener | undefined): void {
    this.listener = listener;
  }

  /**
   * Frees memory the way retention frees disk: drops every record that ends at or before
   * `commitLogOffset`, with the queue and index entries that point at them. Queue min offsets move
   * up; max offsets stay. Returns the bytes freed.
   */
  truncateBefore(commitLogOffset: number): number {
    const before = this.bytesHeld();
    this.log.truncateBefore(commitLogOffset);
    const min = this.log.minOffset();
    for (const byQueue of this.queues.values()) {
      for (const q of byQueue.values()) this.queueEntries -= q.dropBefore(min);
    }
    this.index.dropBefore(min);
    return before - this.bytesHeld();
  }

  private refusal(): PutMessageResult | undefined {
    if (this.running) return undefined;
    return { status: 'SERVICE_NOT_AVAILABLE', remark: 'the message store is not running' };
  }

  private put(msgs: readonly MessageToStore[], refusal: PutMessageResult | undefined): PutMessageResult {
    if (refusal !== undefined) return refusal;
    const storeTimestamp = this.options.nowMs();
    let planned: PlannedRecord[];
    try {
      planned = this.plan(msgs, storeTimestamp);
    } catch (err) {
      if (!(err instanceof RmqError)) throw err;
      return { status: 'MESSAGE_ILLEGAL', remark: err.message };
    }
    const needed = planned.reduce(
      (sum, p) =>
        sum +
        p.record.length +
        (p.queueOffset === undefined ? 0 : CONSUME_QUEUE_ENTRY_BYTES) +
        p.indexKeys.length * INDEX_ENTRY_BYTES,
      0,
    );
    const held = this.bytesHeld();
    if (held + needed > this.options.maxBytesHeld) {
      const remark = `the memory store is full: ${held} of ${this.options.maxBytesHeld} bytes held, ${needed} more needed`;
      this.logger.warn({ held, needed, max: this.options.maxBytesHeld }, 'put refused: memory store full');
      return { status: 'SERVICE_NOT_AVAILABLE', remark };
    }
    return this.commit(planned, storeTimestamp);
  }

  /** Encodes every record at the offsets it will get; changes nothing. */
  private plan(msgs: readonly MessageToStore[], storeTimestamp: number): PlannedRecord[] {
    let physicalOffset = this.log.maxOffset();
    const nextQueueOffset = new Map<string, number>();
    return msgs.map((msg) => {
      const queued = isDispatchedTransactionType(msg.sysFlag);
      const queueKey = `${msg.queueId}@${msg.topic}`;
      const queueOffset = queued
        ? (nextQueueOffset.get(queueKey) ?? this.getMaxOffsetInQueue(msg.topic, msg.queueId))
        : undefined;
      if (queueOffset !== undefined) nextQueueOffset.set(queueKey, queueOffset + 1);
      const record = encodeStoredMessage({
        ...msg,
        queueOffset: queueOffset ?? 0,
        physicalOffset,
        storeTimestamp,
      });
      const rolledBack = getTransactionValue(msg.sysFlag) === MessageSysFlag.TRANSACTION_ROLLBACK_TYPE;
      const indexKeys = rolledBack
        ? []
        : indexKeysOf(msg.topic, decodeMessageProperties(msg.propertiesString));
      const planned = { record, physicalOffset, msg, queueOffset, indexKeys };
      physicalOffset += record.length;
      return planned;
    });
  }

  private commit(planned: readonly PlannedRecord[], storeTimestamp: number): PutMessageResult {
    const msgIds: string[] = [];
    let wroteBytes = 0;
    for (const p of planned) {
      const offset = this.log.append(p.record);
      if (offset !== p.physicalOffset)
        throw new Error(`bug: record planned at ${p.physicalOffset} went to ${offset}`);
      msgIds.push(encodeOffsetMessageId(p.msg.storeHost, offset));
      wroteBytes += p.record.length;
      if (p.queueOffset !== undefined) {
        this.queueOrCreate(p.msg.topic, p.msg.queueId).append({
          commitLogOffset: offset,
          size: p.record.length,
          tagsCode: p.msg.tagsCode,
          storeTimestamp,
        });
        this.queueEntries += 1;
      }
      for (const key of p.indexKeys) this.index.add(key, offset, storeTimestamp);
    }
    const first = planned[0] as PlannedRecord;
    this.notifyArrivals(planned, storeTimestamp);
    return {
      status: 'PUT_OK',
      appendResult: {
        wroteOffset: first.physicalOffset,
        wroteBytes,
        msgIds,
        logicsOffset: first.queueOffset ?? 0,
        storeTimestamp,
        msgNum: planned.length,
      },
    };
  }

  /** The listener hears RocketMQ's value: the queue offset after the message (its offset + 1). */
  private notifyArrivals(planned: readonly PlannedRecord[], storeTimestamp: number): void {
    const listener = this.listener;
    if (listener === undefined) return;
    for (const p of planned) {
      if (p.queueOffset === undefined) continue;
      try {
        listener(p.msg.topic, p.msg.queueId, p.queueOffset + 1, p.msg.tagsCode, storeTimestamp);
      } catch (err) {
        this.logger.warn(
          { err, topic: p.msg.topic, queueId: p.msg.queueId },
          'message arriving listener threw',
        );
      }
    }
  }

  private queue(topic: string, queueId: number): MemoryConsumeQueue | undefined {
    return this.queues.get(topic)?.get(queueId);
  }

  private queueOrCreate(topic: string, queueId: number): MemoryConsumeQueue {
    let byQueue = this.queues.get(topic);
    if (byQueue === undefined) {
      byQueue = new Map();
      this.queues.set(topic, byQueue);
    }
    let queue = byQueue.get(queueId);
    if (queue === undefined) {
      queue = new MemoryConsumeQueue();
      byQueue.set(queueId, queue);
    }
    return queue;
  }
}

/** A queue with no entries: a pull on a queue never written answers NO_MESSAGE_IN_QUEUE. */
const EMPTY_QUEUE: GetMessageQueue = {
  minOffsetInQueue: () => 0,
  maxOffsetInQueue: () => 0,
  getEntries: () => undefined,
  rollNextFile: (queueOffset: number) => queueOffset,
};

/** The memory queue seen as the file store's consume queue (one endless "file"). */
function pullView(queue: MemoryConsumeQueue): GetMessageQueue {
  return {
    minOffsetInQueue: () => queue.minOffset(),
    maxOffsetInQueue: () => queue.maxOffset(),
    getEntries: (fromOffset: number, maxCount: number) => {
      const entries = [];
      for (let o = fromOffset; o < fromOffset + maxCount; o++) {
        const entry = queue.entryAt(o);
        if (!entry) break;
        entries.push({
          queueOffset: o,
          commitLogOffset: entry.commitLogOffset,
          size: entry.size,
          tagsCode: entry.tagsCode,
        });
      }
      return entries.length > 0 ? entries : undefined;
    },
    rollNextFile: () => queue.maxOffset(),
  };
}
