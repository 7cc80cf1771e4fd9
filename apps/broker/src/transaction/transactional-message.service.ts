/**
 * Transactional messages, RocketMQ 4.x style (TransactionalMessageServiceImpl + EndTransactionProcessor):
 * a half message is parked in RMQ_SYS_TRANS_HALF_TOPIC; END_TRANSACTION commits it (the real message
 * is written to its topic with type COMMIT) or rolls it back, and in both cases an op message in
 * RMQ_SYS_TRANS_OP_HALF_TOPIC records that the half message has ended so the check task leaves it.
 *
 * Beyond RocketMQ: the first decision on a transaction wins for as long as this process remembers it
 * (a bounded table keyed by producer group + UNIQ_KEY), so a late commit of one copy of a half message
 * and the producer's answer to a check-back of another copy do not write the real message twice.
 */
import type { BrokerConfig } from '@rmq/config';
import type { Logger } from '@rmq/observability';
import {
  decodeMessageProperties,
  decodeStoredMessage,
  EndTransactionRequestHeader,
  MessageConst,
  MessageSysFlag,
  PermName,
  SocketAddress,
  StoredMessage,
  SystemTopic,
  UniqueMessageIdGenerator,
} from '@rmq/protocol';
import type { MessageStore, MessageToStore, PutMessageResult } from '@rmq/store';
import { parkIfDelayed } from '../send/delayed-message';
import type { HalfMessageSink } from '../send/send-message.service';
import { storedResponseCode } from '../send/put-result';
import type { TopicConfigManager } from '../topic/topic-config-manager';
import { committedMessageOf, opMessageOf, realDestinationOf, toHalfMessage } from './half-message';
import { EndTransactionOnSlaveError, HalfMessageMismatchError } from './transaction.errors';

/** Transactions whose outcome is remembered to refuse a second, different write (bounded). */
export const ENDED_TRANSACTIONS_MAX_DEFAULT = 65_536;
const SYSTEM_TOPIC_QUEUE_NUMS = 1;
const READ_WRITE = PermName.PERM_READ | PermName.PERM_WRITE;

export type TransactionSettings = Pick<BrokerConfig, 'brokerRole' | 'brokerIP1' | 'listenPort'>;

export type TransactionTopics = Pick<
  TopicConfigManager,
  'selectTopicConfig' | 'createTopicInSendMessageBackMethod'
>;

export interface TransactionalMessageDeps {
  settings: TransactionSettings;
  store: MessageStore;
  topics: TransactionTopics;
  delayLevelCount: number;
  logger: Logger;
  nowMs?: () => number;
  endedTransactionsMax?: number;
}

/** What END_TRANSACTION did. */
export type EndTransactionOutcome = 'pending' | 'committed' | 'rolled-back' | 'already-ended';

export class TransactionalMessageService implements HalfMessageSink {
  readonly storeHost: SocketAddress;
  private readonly nowMs: () => number;
  private readonly uniqIds: UniqueMessageIdGenerator;
  /** key → commit or rollback type, oldest first. */
  private readonly ended = new Map<string, number>();
  private readonly endedMax: number;

  constructor(private readonly deps: TransactionalMessageDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
    this.storeHost = { host: deps.settings.brokerIP1, port: deps.settings.listenPort };
    this.uniqIds = new UniqueMessageIdGenerator({
      clientHost: deps.settings.brokerIP1,
      pid: process.pid,
      nowMs: this.nowMs,
    });
    this.endedMax = deps.endedTransactionsMax ?? ENDED_TRANSACTIONS_MAX_DEFAULT;
  }

  /** The send service's hook: store the half message (never parked for a delay). */
  async prepareMessage(msg: MessageToStore): Promise<PutMessageResult> {
    await this.ensureTopic(SystemTopic.TRANS_HALF);
    return this.deps.store.putMessage(toHalfMessage(msg));
  }

  /** END_TRANSACTION: commit (8), roll back (12) or leave pending (0). */
  async endTransaction(
    header: EndTransactionRequestHeader,
    remoteAddr: string,
  ): Promise<EndTransactionOutcome> {
    if (this.deps.settings.brokerRole === 'SLAVE') throw new EndTransactionOnSlaveError();
    const decision = header.commitOrRollback;
    const log = { remoteAddr, ...header };
    if (decision === MessageSysFlag.TRANSACTION_NOT_TYPE) {
      this.deps.logger.warn(log, 'end transaction: the producer reports the transaction as still pending');
      return 'pending';
    }
    const half = this.findHalfMessage(header);
    const key = transactionKeyOf(half);
    if (this.ended.has(key)) {
      this.deps.logger.warn(
        log,
        'end transaction: the transaction has already ended; only marking this copy',
      );
      await this.putOpMessage(half);
      return 'already-ended';
    }
    this.remember(key, decision);
    if (decision === MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
      try {
        await this.commit(half);
      } catch (err) {
        this.ended.delete(key);
        throw err;
      }
    } else if (header.fromTransactionCheck) {
      this.deps.logger.warn(log, 'end transaction: the producer rolled back on a check-back');
    }
    await this.putOpMessage(half);
    return decision === MessageSysFlag.TRANSACTION_COMMIT_TYPE ? 'committed' : 'rolled-back';
  }

  /** Writes the op message that ends `half` (failures are logged: the check-back will ask again). */
  async putOpMessage(half: StoredMessage): Promise<boolean> {
    try {
      await this.ensureTopic(SystemTopic.TRANS_OP_HALF);
      const op = opMessageOf(
        half.queueOffset,
        half.queueId,
        this.storeHost,
        this.nowMs(),
        this.uniqIds.next(),
      );
      const result = await this.deps.store.putMessage(op);
      if (result.status === 'PUT_OK') return true;
      this.deps.logger.error(
        { status: result.status, halfQueueOffset: half.queueOffset },
        'writing the transaction op message failed',
      );
    } catch (err) {
      this.deps.logger.error(
        { err: String(err), halfQueueOffset: half.queueOffset },
        'writing the transaction op message failed',
      );
    }
    return false;
  }

  /** The topic's config, created with one read-write queue when missing. */
  async ensureTopic(topic: string): Promise<void> {
    if (this.deps.topics.selectTopicConfig(topic) !== undefined) return;
    await this.deps.topics.createTopicInSendMessageBackMethod(topic, SYSTEM_TOPIC_QUEUE_NUMS, READ_WRITE);
  }

  /** RocketMQ's checkPrepareMessage, plus: the record must be in the half topic. */
  private findHalfMessage(header: EndTransactionRequestHeader): StoredMessage {
    const context = { commitLogOffset: header.commitLogOffset, producerGroup: header.producerGroup };
    const raw = this.deps.store.lookMessageByOffset(header.commitLogOffset);
    if (raw === undefined)
      throw new HalfMessageMismatchError('Find prepared transaction message failed', context);
    const half = decodeStoredMessage(raw);
    if (half.topic !== SystemTopic.TRANS_HALF) {
      throw new HalfMessageMismatchError('The message is not a half message', context);
    }
    const properties = decodeMessageProperties(half.propertiesString);
    if (properties.get(MessageConst.PROPERTY_PRODUCER_GROUP) !== header.producerGroup) {
      throw new HalfMessageMismatchError('The producer group wrong', context);
    }
    if (half.queueOffset !== header.tranStateTableOffset) {
      throw new HalfMessageMismatchError('The transaction state table offset wrong', context);
    }
    if (half.physicalOffset !== header.commitLogOffset) {
      throw new HalfMessageMismatchError('The commit log offset wrong', context);
    }
    return half;
  }

  private async commit(half: StoredMessage): Promise<void> {
    const destination = realDestinationOf(decodeMessageProperties(half.propertiesString));
    if (destination === undefined) {
      throw new HalfMessageMismatchError('The message is not a half message', {
        commitLogOffset: half.physicalOffset,
      });
    }
    const committed = parkIfDelayed(committedMessageOf(half, destination), this.deps.delayLevelCount);
    // Stored-but-slow statuses (flush or slave timeouts) count as done, as in RocketMQ.
    storedResponseCode(await this.deps.store.putMessage(committed));
  }

  private remember(key: string, decision: number): void {
    this.ended.set(key, decision);
    while (this.ended.size > this.endedMax) {
      const oldest = this.ended.keys().next();
      if (oldest.done === true) break;
      this.ended.delete(oldest.value);
    }
  }
}

/** Copies of one half message share producer group and UNIQ_KEY; without UNIQ_KEY, the record. */
function transactionKeyOf(half: StoredMessage): string {
  const properties = decodeMessageProperties(half.propertiesString);
  const group = properties.get(MessageConst.PROPERTY_PRODUCER_GROUP) ?? '';
  const uniq = properties.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
  return uniq === undefined ? `${group}@${half.physicalOffset}` : `${group}\u0001${uniq}`;
}
