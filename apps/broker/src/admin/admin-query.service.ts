/**
 * What the admin codes and the REST admin read (the query half of RocketMQ's AdminBrokerProcessor):
 * per-queue offsets of a topic, a group's progress and lag, who is connected, who consumes a
 * topic, and the store-time span a group is behind. Plain TypeScript over the BrokerController, so
 * remoting handlers and HTTP controllers answer from the same code.
 */
import {
  ConsumeStats,
  ConsumerConnection,
  MessageQueue,
  OffsetWrapper,
  ProducerConnection,
  QueueTimeSpan,
  TopicConfig,
  TopicStatsTable,
} from '@rmq/protocol';
import type { BrokerController } from '../broker-controller';
import type { ClientChannelInfo } from '../client/client-channel-info';
import { TopicNotExistError } from '../errors/broker.errors';
import { ConsumerNotOnlineError, ProducerNotOnlineError } from './admin.errors';

export interface QueueOffsets {
  topic: string;
  queueId: number;
  brokerOffset: number;
  consumerOffset: number;
  lag: number;
  lastTimestamp: number;
}

export class AdminQueryService {
  constructor(private readonly broker: BrokerController) {}

  private get brokerName(): string {
    return this.broker.config.brokerName;
  }

  topicConfigOrThrow(topic: string): TopicConfig {
    const config = this.broker.topics.selectTopicConfig(topic);
    if (config === undefined) throw new TopicNotExistError(topic, 'on this broker');
    return config;
  }

  /** GET_TOPIC_STATS_INFO: min/max offset and newest store time of each write queue. */
  topicStats(topic: string): TopicStatsTable {
    const config = this.topicConfigOrThrow(topic);
    const { store } = this.broker;
    const offsetTable: TopicStatsTable['offsetTable'] = [];
    for (let queueId = 0; queueId < config.writeQueueNums; queueId++) {
      const maxOffset = Math.max(0, store.getMaxOffsetInQueue(topic, queueId));
      const minOffset = Math.max(0, store.getMinOffsetInQueue(topic, queueId));
      const lastUpdateTimestamp =
        maxOffset > 0 ? store.getMessageStoreTimeStamp(topic, queueId, maxOffset - 1) : 0;
      offsetTable.push([this.mq(topic, queueId), { minOffset, maxOffset, lastUpdateTimestamp }]);
    }
    return { offsetTable };
  }

  /** Topics a group has progress on (or the one asked for), skipping ones it no longer subscribes. */
  topicsOfGroup(group: string, topic?: string): string[] {
    if (topic !== undefined && topic !== '') return [topic];
    const online = this.broker.consumers.getConsumerGroupInfo(group);
    return [...this.broker.offsets.topicsOfGroup(group)].filter(
      (t) => online === undefined || online.subscriptions.size === 0 || online.subscriptions.has(t),
    );
  }

  /** GET_CONSUME_STATS: per read queue of each topic, broker and consumer offsets. */
  consumeStats(group: string, topic?: string): ConsumeStats {
    const offsetTable: Array<[MessageQueue, OffsetWrapper]> = [];
    let consumeTps = 0;
    for (const t of this.topicsOfGroup(group, topic)) {
      for (const q of this.queueOffsets(group, t)) {
        offsetTable.push([
          this.mq(t, q.queueId),
          { brokerOffset: q.brokerOffset, consumerOffset: q.consumerOffset, lastTimestamp: q.lastTimestamp },
        ]);
      }
      consumeTps += this.broker.stats.groupGetTps(group, t);
    }
    return { consumeTps, offsetTable };
  }

  /** Per read queue of `topic`: the group's committed offset, the queue's max offset and the lag. */
  queueOffsets(group: string, topic: string): QueueOffsets[] {
    const config = this.broker.topics.selectTopicConfig(topic);
    if (config === undefined) return [];
    const { store, offsets } = this.broker;
    const out: QueueOffsets[] = [];
    for (let queueId = 0; queueId < config.readQueueNums; queueId++) {
      const brokerOffset = Math.max(0, store.getMaxOffsetInQueue(topic, queueId));
      const consumerOffset = Math.max(0, offsets.queryOffset(group, topic, queueId));
      const lastTimestamp =
        consumerOffset > 0 ? store.getMessageStoreTimeStamp(topic, queueId, consumerOffset - 1) : 0;
      const lag = Math.max(0, brokerOffset - consumerOffset);
      out.push({ topic, queueId, brokerOffset, consumerOffset, lag, lastTimestamp });
    }
    return out;
  }

  /** GET_CONSUMER_CONNECTION_LIST: the online members of a group, or CONSUMER_NOT_ONLINE. */
  consumerConnection(group: string): ConsumerConnection {
    const info = this.broker.consumers.getConsumerGroupInfo(group);
    if (info === undefined || info.channels.size === 0) throw new ConsumerNotOnlineError(group);
    return {
      connectionSet: [...info.channels.values()].map(toConnection),
      subscriptionTable: new Map(info.subscriptions),
      consumeType: info.consumeType,
      messageModel: info.messageModel,
      consumeFromWhere: info.consumeFromWhere,
    };
  }

  /** GET_PRODUCER_CONNECTION_LIST. */
  producerConnection(group: string): ProducerConnection {
    const connections = this.broker.producers.connections(group);
    if (connections.length === 0) throw new ProducerNotOnlineError(group);
    return { connectionSet: connections.map(toConnection) };
  }

  /** QUERY_TOPIC_CONSUME_BY_WHO: online subscribers plus groups with offsets on the topic. */
  topicConsumedBy(topic: string): string[] {
    const groups = new Set(this.broker.consumers.groupsOfTopic(topic));
    for (const group of this.broker.offsets.groupsOfTopic(topic)) groups.add(group);
    return [...groups];
  }

  /** QUERY_CONSUME_TIME_SPAN: store times of each write queue's oldest, newest and consumed message. */
  consumeTimeSpan(topic: string, group: string): QueueTimeSpan[] {
    const config = this.topicConfigOrThrow(topic);
    const { store, offsets } = this.broker;
    const spans: QueueTimeSpan[] = [];
    for (let queueId = 0; queueId < config.writeQueueNums; queueId++) {
      const maxOffset = store.getMaxOffsetInQueue(topic, queueId);
      const minTimeStamp = maxOffset > 0 ? store.getEarliestMessageTime(topic, queueId) : 0;
      const maxTimeStamp = maxOffset > 0 ? store.getMessageStoreTimeStamp(topic, queueId, maxOffset - 1) : 0;
      const consumerOffset = offsets.queryOffset(group, topic, queueId);
      const consumeTimeStamp =
        consumerOffset > 0
          ? store.getMessageStoreTimeStamp(topic, queueId, consumerOffset - 1)
          : minTimeStamp;
      const delayTime = consumerOffset < maxOffset ? Math.max(0, maxTimeStamp - consumeTimeStamp) : 0;
      spans.push({
        messageQueue: this.mq(topic, queueId),
        minTimeStamp,
        maxTimeStamp,
        consumeTimeStamp,
        delayTime,
      });
    }
    return spans;
  }

  private mq(topic: string, queueId: number): MessageQueue {
    return { topic, brokerName: this.brokerName, queueId };
  }
}

function toConnection(client: ClientChannelInfo): ConsumerConnection['connectionSet'][number] {
  return {
    clientId: client.clientId,
    clientAddr: client.channel.remoteAddr,
    language: client.language,
    version: client.version,
  };
}
