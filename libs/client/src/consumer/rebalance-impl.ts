/**
 * Rebalance (Java's RebalanceImpl for push consumers): per subscribed topic, decide which queues
 * this client owns (all of them when broadcasting; an AllocateMessageQueueAveragely share of the
 * sorted queues among the sorted group members when clustering), drop the queues it lost (their
 * offsets persisted, orderly locks released) and start the ones it gained at the offset
 * computePullFromWhere gives. Orderly groups lock a queue on the broker before taking it and
 * renew all locks periodically.
 */
import { MessageQueue } from '@rmq/protocol';
import { MQClientInstance } from '../core/mq-client-instance';
import { MASTER_ID } from '../core/topic-route';
import { mqKey, sortMessageQueues } from '../message/message-queue';
import { ProcessQueue } from './process-queue';
import { ResolvedPushConsumerOptions } from './push-consumer-options';

export interface PullRequest {
  mq: MessageQueue;
  pq: ProcessQueue;
  nextOffset: number;
}

export interface RebalanceHost {
  readonly orderly: boolean;
  subscribedTopics(): string[];
  /** Offset to start a newly owned queue at; throws when it cannot be known now. */
  computePullFromWhere(mq: MessageQueue): Promise<number>;
  /** A queue was lost: persist and forget its offset. */
  onQueueRemoved(mq: MessageQueue, pq: ProcessQueue): Promise<void>;
  dispatchPullRequest(request: PullRequest): void;
}

export class RebalanceImpl {
  readonly processQueueTable = new Map<string, { mq: MessageQueue; pq: ProcessQueue }>();
  readonly topicSubscribeInfoTable = new Map<string, MessageQueue[]>();

  constructor(
    private readonly instance: MQClientInstance,
    private readonly options: ResolvedPushConsumerOptions,
    private readonly host: RebalanceHost,
  ) {}

  allocatedQueues(): MessageQueue[] {
    return [...this.processQueueTable.values()].map((e) => e.mq);
  }

  async doRebalance(): Promise<void> {
    const topics = this.host.subscribedTopics();
    for (const topic of topics) {
      try {
        await this.rebalanceByTopic(topic);
      } catch (err) {
        this.instance.logger.warn({ topic, err }, 'rebalance of a topic failed');
      }
    }
    // Queues of topics no longer subscribed.
    for (const [key, { mq, pq }] of this.processQueueTable) {
      if (topics.includes(mq.topic)) continue;
      pq.dropped = true;
      this.processQueueTable.delete(key);
      await this.host.onQueueRemoved(mq, pq);
    }
  }

  private async rebalanceByTopic(topic: string): Promise<void> {
    const mqSet = this.topicSubscribeInfoTable.get(topic);
    if (mqSet === undefined) {
      this.instance.logger.warn(
        { topic, group: this.options.consumerGroup },
        'no queues known for topic; not rebalancing it',
      );
      return;
    }
    if (this.options.messageModel === 'BROADCASTING') {
      await this.updateProcessQueueTable(topic, mqSet);
      return;
    }
    const cidAll = await this.instance.findConsumerIdList(topic, this.options.consumerGroup);
    if (cidAll.length === 0) return;
    const allocated = this.options.allocateMessageQueueStrategy(
      this.options.consumerGroup,
      this.instance.clientId,
      sortMessageQueues(mqSet),
      [...cidAll].sort(),
    );
    await this.updateProcessQueueTable(topic, allocated);
  }

  private async updateProcessQueueTable(topic: string, mqSet: readonly MessageQueue[]): Promise<void> {
    const wanted = new Set(mqSet.map(mqKey));
    for (const [key, { mq, pq }] of this.processQueueTable) {
      if (mq.topic !== topic || wanted.has(key)) continue;
      pq.dropped = true;
      this.processQueueTable.delete(key);
      await this.host.onQueueRemoved(mq, pq);
      if (this.host.orderly && this.options.messageModel === 'CLUSTERING') await this.unlock([mq]);
    }
    const requests: PullRequest[] = [];
    for (const mq of mqSet) {
      if (this.processQueueTable.has(mqKey(mq))) continue;
      const request = await this.startQueue(mq);
      if (request !== undefined) requests.push(request);
    }
    for (const request of requests) this.host.dispatchPullRequest(request);
  }

  private async startQueue(mq: MessageQueue): Promise<PullRequest | undefined> {
    const pq = new ProcessQueue();
    if (this.host.orderly && this.options.messageModel === 'CLUSTERING') {
      if (!(await this.lock([mq])).includes(mqKey(mq))) return undefined;
      pq.locked = true;
      pq.lastLockTimestampMs = Date.now();
    }
    let nextOffset: number;
    try {
      nextOffset = await this.host.computePullFromWhere(mq);
    } catch (err) {
      this.instance.logger.warn(
        { mq, err },
        'cannot compute the start offset; will try at the next rebalance',
      );
      return undefined;
    }
    if (nextOffset < 0) return undefined;
    this.processQueueTable.set(mqKey(mq), { mq, pq });
    return { mq, pq, nextOffset };
  }

  /** LOCK_BATCH_MQ per broker; returns the keys locked. Marks process queues accordingly. */
  async lock(mqs: readonly MessageQueue[]): Promise<string[]> {
    const locked: string[] = [];
    for (const [brokerName, group] of groupByBroker(mqs)) {
      const found = this.instance.findBrokerAddressInSubscribe(brokerName, MASTER_ID, true);
      if (found === undefined) continue;
      try {
        const ok = await this.instance.api.lockBatchMQ(found.addr, {
          consumerGroup: this.options.consumerGroup,
          clientId: this.instance.clientId,
          mqSet: group,
        });
        const okKeys = new Set(ok.map(mqKey));
        for (const mq of group) {
          const entry = this.processQueueTable.get(mqKey(mq));
          if (okKeys.has(mqKey(mq))) {
            locked.push(mqKey(mq));
            if (entry !== undefined) {
              entry.pq.locked = true;
              entry.pq.lastLockTimestampMs = Date.now();
            }
          } else if (entry !== undefined) {
            entry.pq.locked = false;
          }
        }
      } catch (err) {
        this.instance.logger.warn({ brokerName, err }, 'LOCK_BATCH_MQ failed');
      }
    }
    return locked;
  }

  /** Renews every lock (Java renews every 20 s; a lock lapses on the broker after 60 s). */
  async lockAll(): Promise<void> {
    await this.lock(this.allocatedQueues());
  }

  async unlock(mqs: readonly MessageQueue[]): Promise<void> {
    for (const [brokerName, group] of groupByBroker(mqs)) {
      const found = this.instance.findBrokerAddressInSubscribe(brokerName, MASTER_ID, true);
      if (found === undefined) continue;
      try {
        await this.instance.api.unlockBatchMQ(found.addr, {
          consumerGroup: this.options.consumerGroup,
          clientId: this.instance.clientId,
          mqSet: group,
        });
      } catch (err) {
        this.instance.logger.warn({ brokerName, err }, 'UNLOCK_BATCH_MQ failed');
      }
      for (const mq of group) {
        const entry = this.processQueueTable.get(mqKey(mq));
        if (entry !== undefined) entry.pq.locked = false;
      }
    }
  }
}

function groupByBroker(mqs: readonly MessageQueue[]): Map<string, MessageQueue[]> {
  const out = new Map<string, MessageQueue[]>();
  for (const mq of mqs) {
    const list = out.get(mq.brokerName) ?? [];
    list.push(mq);
    out.set(mq.brokerName, list);
  }
  return out;
}
