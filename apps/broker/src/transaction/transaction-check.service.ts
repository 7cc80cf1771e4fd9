/**
 * Transaction check-back (RocketMQ's TransactionalMessageCheckService and the check() of
 * TransactionalMessageServiceImpl). Every transactionCheckInterval ms, on a master, it scans the half
 * queue from its progress: a half message with an op message has ended and is passed; one older than
 * transactionTimeOut without an op is appended again with TRANSACTION_CHECK_TIMES + 1 and its producer
 * group is asked (CHECK_TRANSACTION_STATE, oneway, about the new copy); after transactionCheckMax
 * checks it is moved to TRANS_CHECK_MAX_TIME_TOPIC. The scan stops at the first half message too young
 * to check. Progress is the consumer offset of group CID_RMQ_SYS_TRANS on the half and op queues
 * (consumerOffset.json), so it survives restarts. Each run is bounded in messages and time.
 */
import type { BrokerConfig } from '@rmq/config';
import type { Logger } from '@rmq/observability';
import {
  CheckTransactionStateRequestHeader,
  CID_RMQ_SYS_TRANS,
  createRequest,
  decodeMessageProperties,
  decodeStoredMessage,
  MessageConst,
  RemotingCommand,
  RequestCode,
  StoredMessage,
  SystemTopic,
} from '@rmq/protocol';
import { type ConsumerOffsetTable, type MessageStore, NO_CONSUMER_OFFSET } from '@rmq/store';
import type { TopicConfigManager } from '../topic/topic-config-manager';
import {
  checkRequestBodyOf,
  discardedMessageOf,
  RealDestination,
  realDestinationOf,
  renewedHalfMessage,
} from './half-message';
import { OpMessageIndex } from './op-message-index';
import type { TransactionalMessageService } from './transactional-message.service';

/** Half queue entries one run looks at. */
export const HALF_MESSAGES_PER_RUN_MAX = 4096;
/** Op messages one run reads. */
export const OP_MESSAGES_PER_RUN_MAX = 65_536;
/** One run's time (RocketMQ: MAX_PROCESS_TIME_LIMIT 60 s). */
export const CHECK_RUN_TIME_MAX_MS = 30_000;
/** Unreadable half queue entries skipped before a run gives up (MAX_RETRY_COUNT_WHEN_HALF_NULL). */
const HALF_MISSES_MAX = 1;
const MS_PER_HOUR = 3_600_000;

export type TransactionCheckSettings = Pick<
  BrokerConfig,
  | 'brokerRole'
  | 'transactionTimeOut'
  | 'transactionCheckMax'
  | 'transactionCheckInterval'
  | 'fileReservedTime'
>;

/** A producer connection that can be asked about a transaction. */
export interface CheckChannel {
  readonly remoteAddr: string;
  invokeOneway(request: RemotingCommand): void;
}

export interface TransactionCheckDeps {
  settings: TransactionCheckSettings;
  store: MessageStore;
  topics: Pick<TopicConfigManager, 'selectTopicConfig'>;
  offsets: Pick<ConsumerOffsetTable, 'queryOffset' | 'commitOffset'>;
  producers: { getAvailableChannel(group: string): CheckChannel | undefined };
  transactions: Pick<TransactionalMessageService, 'ensureTopic' | 'storeHost'>;
  logger: Logger;
  nowMs?: () => number;
  limits?: { halfMessagesPerRun?: number; opMessagesPerRun?: number; runTimeMaxMs?: number };
}

/** What one run did (for logs and tests). */
export interface CheckRunSummary {
  /** Check-backs sent (or attempted: the producer group may have had no open connection). */
  checked: number;
  discarded: number;
  /** Half messages passed because an op message ended them. */
  ended: number;
}

interface CheckRun extends CheckRunSummary {
  startMs: number;
  deadlineMs: number;
  halfLeft: number;
}

type HalfRead = { kind: 'found'; half: StoredMessage } | { kind: 'end' } | { kind: 'gap'; next: number };
type Step = 'next' | 'stop';

export class TransactionalMessageCheckService {
  private readonly nowMs: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<CheckRunSummary> | undefined;

  constructor(private readonly deps: TransactionCheckDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
  }

  /** Starts the timer; a slave never checks (its master does). */
  start(): void {
    if (this.deps.settings.brokerRole === 'SLAVE' || this.timer !== undefined) return;
    this.timer = setInterval(() => void this.check(), this.deps.settings.transactionCheckInterval);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress (so the store can close after it). */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One run; a call while a run is in progress joins that run. Never throws. */
  check(): Promise<CheckRunSummary> {
    this.running ??= this.runOnce()
      .catch((err: unknown) => {
        this.deps.logger.error({ err: String(err) }, 'transaction check run failed');
        return { checked: 0, discarded: 0, ended: 0 };
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async runOnce(): Promise<CheckRunSummary> {
    const startMs = this.nowMs();
    const limits = this.deps.limits ?? {};
    const run: CheckRun = {
      checked: 0,
      discarded: 0,
      ended: 0,
      startMs,
      deadlineMs: startMs + (limits.runTimeMaxMs ?? CHECK_RUN_TIME_MAX_MS),
      halfLeft: limits.halfMessagesPerRun ?? HALF_MESSAGES_PER_RUN_MAX,
    };
    const queueNums = this.deps.topics.selectTopicConfig(SystemTopic.TRANS_HALF)?.readQueueNums ?? 0;
    for (let queueId = 0; queueId < queueNums; queueId++) {
      try {
        await this.checkQueue(queueId, run);
      } catch (err) {
        this.deps.logger.error({ queueId, err: String(err) }, 'transaction check failed');
      }
    }
    const { checked, discarded, ended } = run;
    if (checked + discarded > 0)
      this.deps.logger.info({ checked, discarded, ended }, 'transaction check run');
    return { checked, discarded, ended };
  }

  private async checkQueue(queueId: number, run: CheckRun): Promise<void> {
    const halfOffset = this.progressOf(SystemTopic.TRANS_HALF, queueId);
    const opOffset = this.progressOf(SystemTopic.TRANS_OP_HALF, queueId);
    const ops = new OpMessageIndex({
      store: this.deps.store,
      queueId,
      opOffset,
      halfOffset,
      readMax: this.deps.limits?.opMessagesPerRun ?? OP_MESSAGES_PER_RUN_MAX,
      logger: this.deps.logger,
    });
    ops.readBatch();
    let offset = halfOffset;
    let misses = 0;
    while (run.halfLeft > 0 && this.nowMs() < run.deadlineMs) {
      run.halfLeft -= 1;
      if (ops.take(offset, false)) {
        run.ended += 1;
        offset += 1;
        continue;
      }
      const read = this.readHalf(queueId, offset);
      if (read.kind === 'end') break;
      if (read.kind === 'gap') {
        misses += 1;
        if (misses > HALF_MISSES_MAX || read.next <= offset) break;
        offset = read.next;
        continue;
      }
      if ((await this.examine(read.half, ops, run)) === 'stop') break;
      offset += 1;
    }
    this.saveProgress(SystemTopic.TRANS_HALF, queueId, halfOffset, offset);
    this.saveProgress(SystemTopic.TRANS_OP_HALF, queueId, opOffset, ops.nextProgress());
  }

  /** What to do with one half message that no op message (read so far) has ended. */
  private async examine(half: StoredMessage, ops: OpMessageIndex, run: CheckRun): Promise<Step> {
    const { transactionTimeOut, transactionCheckMax } = this.deps.settings;
    const properties = decodeMessageProperties(half.propertiesString);
    const destination = realDestinationOf(properties);
    // Appended during this run (a copy just checked): its producer has not had time to answer.
    if (half.storeTimestamp >= run.startMs) return 'stop';
    if (destination === undefined || this.countCheck(properties, transactionCheckMax) || this.tooOld(half)) {
      if (ops.take(half.queueOffset, true)) {
        run.ended += 1;
        return 'next';
      }
      await this.discard(half);
      run.discarded += 1;
      return 'next';
    }
    const ageMs = this.nowMs() - half.bornTimestamp;
    const immunityText = properties.get(MessageConst.PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS);
    const immunityMs = immunityMsOf(immunityText, transactionTimeOut);
    if (immunityText !== undefined && ageMs < immunityMs) {
      return (await this.keepImmune(half, properties, ops)) ? 'next' : 'stop';
    }
    if (ageMs >= 0 && ageMs <= immunityMs) return 'stop';
    if (ops.take(half.queueOffset, true)) {
      run.ended += 1;
      return 'next';
    }
    if (!(await this.checkBack(half, properties, destination))) return 'stop';
    run.checked += 1;
    return 'next';
  }

  /**
   * RocketMQ's needDiscard: true when the half message has had its checks; otherwise counts the
   * coming check in `properties` (TRANSACTION_CHECK_TIMES, 1 for the first).
   */
  private countCheck(properties: Map<string, string>, checkMax: number): boolean {
    const text = properties.get(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES);
    const times = text === undefined ? 0 : Number.parseInt(text, 10);
    if (Number.isNaN(times) || times >= checkMax) return true;
    properties.set(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES, String(times + 1));
    return false;
  }

  /** RocketMQ's needSkip: older than the commit log keeps files. */
  private tooOld(half: StoredMessage): boolean {
    return this.nowMs() - half.bornTimestamp > this.deps.settings.fileReservedTime * MS_PER_HOUR;
  }

  /**
   * RocketMQ's checkPrepareQueueOffset, for a half message still inside its own immunity time: passed
   * if the original has ended, otherwise appended again (remembering the original's queue offset) to
   * be looked at later. False when it could not be appended.
   */
  private async keepImmune(
    half: StoredMessage,
    properties: Map<string, string>,
    ops: OpMessageIndex,
  ): Promise<boolean> {
    const key = MessageConst.PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET;
    const preparedText = properties.get(key);
    if (preparedText !== undefined) {
      const prepared = Number.parseInt(preparedText, 10);
      if (Number.isNaN(prepared) || prepared < 0) return false;
      if (ops.hasEnded(prepared)) return true;
    } else {
      properties.set(key, String(half.queueOffset));
    }
    const result = await this.deps.store.putMessage(renewedHalfMessage(half, properties));
    if (result.status === 'PUT_OK') return true;
    this.deps.logger.error(
      { status: result.status, halfQueueOffset: half.queueOffset },
      'appending an immune half message failed',
    );
    return false;
  }

  /** Appends the half message again (with its check count) and asks its producer about the copy. */
  private async checkBack(
    half: StoredMessage,
    properties: Map<string, string>,
    destination: RealDestination,
  ): Promise<boolean> {
    const result = await this.deps.store.putMessage(renewedHalfMessage(half, properties));
    const append = result.appendResult;
    if (result.status !== 'PUT_OK' || append === undefined) {
      this.deps.logger.error(
        { status: result.status, halfQueueOffset: half.queueOffset },
        'appending a checked half message failed',
      );
      return false;
    }
    const at = { queueOffset: append.logicsOffset, physicalOffset: append.wroteOffset };
    const uniqKey = properties.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
    const header = CheckTransactionStateRequestHeader.encode({
      tranStateTableOffset: at.queueOffset,
      commitLogOffset: at.physicalOffset,
      msgId: uniqKey,
      transactionId: uniqKey,
      offsetMsgId: append.msgIds[0],
    });
    const body = checkRequestBodyOf(half, properties, destination, at);
    this.sendCheck(properties.get(MessageConst.PROPERTY_PRODUCER_GROUP) ?? '', header, body);
    return true;
  }

  private sendCheck(group: string, header: Record<string, string>, body: Buffer): void {
    const channel = this.deps.producers.getAvailableChannel(group);
    if (channel === undefined) {
      this.deps.logger.warn({ group }, 'transaction check: no producer of the group is connected');
      return;
    }
    try {
      channel.invokeOneway(createRequest(RequestCode.CHECK_TRANSACTION_STATE, header, body));
    } catch (err) {
      this.deps.logger.warn(
        { group, remoteAddr: channel.remoteAddr, err: String(err) },
        'transaction check send failed',
      );
    }
  }

  /** RocketMQ 4.9's resolveDiscardMsg: keep the half message in TRANS_CHECK_MAX_TIME_TOPIC. */
  private async discard(half: StoredMessage): Promise<void> {
    const context = { halfQueueOffset: half.queueOffset, commitLogOffset: half.physicalOffset };
    this.deps.logger.error(context, 'half message checked too many times (or too old); discarding it');
    try {
      await this.deps.transactions.ensureTopic(SystemTopic.TRANS_CHECK_MAX_TIME);
      const result = await this.deps.store.putMessage(discardedMessageOf(half));
      if (result.status !== 'PUT_OK')
        this.deps.logger.error(
          { ...context, status: result.status },
          'keeping a discarded half message failed',
        );
    } catch (err) {
      this.deps.logger.error({ ...context, err: String(err) }, 'keeping a discarded half message failed');
    }
  }

  private readHalf(queueId: number, offset: number): HalfRead {
    const result = this.deps.store.getMessage(CID_RMQ_SYS_TRANS, SystemTopic.TRANS_HALF, queueId, offset, 1);
    const raw = result.messages[0];
    if (result.status === 'FOUND' && raw !== undefined) {
      try {
        return { kind: 'found', half: decodeStoredMessage(raw) };
      } catch (err) {
        this.deps.logger.error({ offset, err: String(err) }, 'transaction check: unreadable half message');
        return { kind: 'gap', next: offset + 1 };
      }
    }
    if (result.status === 'NO_MESSAGE_IN_QUEUE' || result.status === 'OFFSET_OVERFLOW_ONE')
      return { kind: 'end' };
    this.deps.logger.warn({ offset, status: result.status }, 'transaction check: half offset not readable');
    return { kind: 'gap', next: result.nextBeginOffset };
  }

  /** The group's progress on the queue; without one, the queue's first offset. */
  private progressOf(topic: string, queueId: number): number {
    const offset = this.deps.offsets.queryOffset(CID_RMQ_SYS_TRANS, topic, queueId);
    return offset === NO_CONSUMER_OFFSET ? this.deps.store.getMinOffsetInQueue(topic, queueId) : offset;
  }

  private saveProgress(topic: string, queueId: number, before: number, after: number): void {
    if (after === before) return;
    const host = this.deps.transactions.storeHost;
    this.deps.offsets.commitOffset(CID_RMQ_SYS_TRANS, topic, queueId, after, `${host.host}:${host.port}`);
  }
}

/** CHECK_IMMUNITY_TIME_IN_SECONDS in ms; absent, unreadable or -1: the transaction timeout. */
function immunityMsOf(text: string | undefined, transactionTimeOutMs: number): number {
  if (text === undefined) return transactionTimeOutMs;
  const seconds = Number.parseInt(text, 10);
  return Number.isNaN(seconds) || seconds === -1 ? transactionTimeOutMs : seconds * 1000;
}
