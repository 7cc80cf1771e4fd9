/**
 * Sending (RocketMQ's SendMessageProcessor): checks a send against the broker's role, permissions
 * and topics (creating the topic from TBW102 when allowed), turns the request into stored records,
 * redirects exhausted retries to the group's DLQ, parks delayed messages, hands transactional half
 * messages to the transaction service, and answers with RocketMQ's send-result header.
 */
import type { BrokerConfig } from '@rmq/config';
import {
  BatchMessageEntry,
  dlqTopicOf,
  encodeMessageProperties,
  decodeMessageProperties,
  isNotAllowedSendTopic,
  isRetryTopic,
  isWriteable,
  mergeBatchProperties,
  MessageConst,
  MessageIllegalError,
  MessageSysFlag,
  PermName,
  SendMessageRequestHeader,
  tagsCodeOf,
  TopicConfig,
  topicNameProblem,
} from '@rmq/protocol';
import type { MessageStore, MessageToStore, PutMessageResult } from '@rmq/store';
import {
  BadRequestError,
  NoPermissionError,
  SubscriptionGroupNotExistError,
  TopicNotExistError,
} from '../errors/broker.errors';
import type { SubscriptionGroupManager } from '../subscription/subscription-group-manager';
import type { TopicConfigManager } from '../topic/topic-config-manager';
import { parkIfDelayed } from './delayed-message';
import { storedResponseCode } from './put-result';
import { SendRequest } from './send-request';

/** Request version from which the header's maxReconsumeTimes is honoured (V3_4_9). */
const MAX_RECONSUME_TIMES_HEADER_VERSION = 121;
const DLQ_QUEUE_NUMS = 1;

export type SendSettings = Pick<
  BrokerConfig,
  'brokerRole' | 'brokerPermission' | 'brokerClusterName' | 'brokerName'
>;

/** Where transactional half messages go (the transaction service). */
export interface HalfMessageSink {
  prepareMessage(msg: MessageToStore): Promise<PutMessageResult>;
}

export interface SendReply {
  code: number;
  msgId: string;
  queueId: number;
  queueOffset: number;
  transactionId?: string;
}

export interface SendMessageDeps {
  settings: SendSettings;
  store: MessageStore;
  topics: TopicConfigManager;
  groups: SubscriptionGroupManager;
  delayLevelCount: number;
  halfMessages?: HalfMessageSink;
  random?: () => number;
}

interface BuiltMessage {
  msg: MessageToStore;
  properties: Map<string, string>;
}

export class SendMessageService {
  private readonly random: () => number;

  constructor(private readonly deps: SendMessageDeps) {
    this.random = deps.random ?? Math.random;
  }

  /** One message (SEND_MESSAGE / SEND_MESSAGE_V2). */
  async sendMessage(req: SendRequest): Promise<SendReply> {
    const topicConfig = await this.checkSend(req.header);
    const built = this.buildMessage(req, topicConfig, req.body);
    const msg = await this.routeRetry(built.msg, req);
    if (built.properties.get(MessageConst.PROPERTY_TRANSACTION_PREPARED) === 'true') {
      const transactionId = built.properties.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
      return this.reply(await this.prepare(msg), msg, transactionId);
    }
    const result = await this.deps.store.putMessage(parkIfDelayed(msg, this.deps.delayLevelCount));
    return this.reply(result, msg);
  }

  /** Several messages of one batch, stored as one run with consecutive queue offsets. */
  async sendBatch(req: SendRequest, entries: readonly BatchMessageEntry[]): Promise<SendReply> {
    const topicConfig = await this.checkSend(req.header);
    if (isRetryTopic(req.header.topic)) throw new NoPermissionError('a batch cannot go to a retry topic');
    if (entries.length === 0) throw new BadRequestError('the batch is empty');
    const first = this.buildMessage(req, topicConfig, Buffer.alloc(0)).msg;
    const msgs = entries.map((entry) => {
      const propertiesString = mergeBatchProperties(entry.propertiesString, first.propertiesString);
      const properties = decodeMessageProperties(propertiesString);
      if (properties.get(MessageConst.PROPERTY_TRANSACTION_PREPARED) === 'true') {
        throw new MessageIllegalError('a batch cannot hold transactional messages');
      }
      const tags = properties.get(MessageConst.PROPERTY_TAGS);
      return { ...first, body: entry.body, flag: entry.flag, propertiesString, tagsCode: tagsCodeOf(tags) };
    });
    const result = await this.deps.store.putMessages(msgs);
    return this.reply(result, first);
  }

  /** RocketMQ's msgCheck: broker writable, topic valid and present (or creatable), queue in range. */
  async checkSend(header: SendMessageRequestHeader): Promise<TopicConfig> {
    const { settings } = this.deps;
    if (!isWriteable(settings.brokerPermission)) {
      throw new NoPermissionError(`the broker[${settings.brokerName}] sending message is forbidden`);
    }
    const problem = topicNameProblem(header.topic);
    if (problem !== undefined) throw new BadRequestError(problem, { topic: header.topic });
    if (isNotAllowedSendTopic(header.topic)) {
      throw new NoPermissionError(`sending message to topic[${header.topic}] is forbidden`);
    }
    const config = await this.topicFor(header);
    if (!isWriteable(config.perm)) {
      throw new NoPermissionError(`the topic[${header.topic}] sending message is forbidden`);
    }
    const queueIdMax = Math.max(config.writeQueueNums, config.readQueueNums);
    if (header.queueId >= queueIdMax) {
      throw new BadRequestError(
        `request queueId[${header.queueId}] is illegal, topic [${header.topic}] has ${queueIdMax} queues`,
      );
    }
    return config;
  }

  private async topicFor(header: SendMessageRequestHeader): Promise<TopicConfig> {
    const { topics } = this.deps;
    const existing = topics.selectTopicConfig(header.topic);
    if (existing) return existing;
    const created = isRetryTopic(header.topic)
      ? await this.createRetryTopic(header.topic)
      : await topics.createTopicInSendMessageMethod(
          header.topic,
          header.defaultTopic,
          header.defaultTopicQueueNums,
          header.unitMode ? 1 : 0,
        );
    if (created === undefined) throw new TopicNotExistError(header.topic);
    return created;
  }

  private async createRetryTopic(topic: string): Promise<TopicConfig | undefined> {
    const group = topic.slice('%RETRY%'.length);
    const groupConfig = await this.deps.groups.findSubscriptionGroupConfig(group);
    if (groupConfig === undefined) return undefined;
    const perm = PermName.PERM_READ | PermName.PERM_WRITE;
    return this.deps.topics.createTopicInSendMessageBackMethod(topic, groupConfig.retryQueueNums, perm);
  }

  /** The record to store, and the request's property map (decoded once per send). */
  private buildMessage(req: SendRequest, topicConfig: TopicConfig, body: Buffer): BuiltMessage {
    const { header } = req;
    const properties = decodeMessageProperties(header.properties ?? '');
    properties.delete(MessageConst.PROPERTY_WAIT_STORE_MSG_OK);
    properties.set(MessageConst.PROPERTY_CLUSTER, this.deps.settings.brokerClusterName);
    let sysFlag = header.sysFlag;
    if (topicConfig.topicFilterType === 'MULTI_TAG') sysFlag |= MessageSysFlag.MULTI_TAGS_FLAG;
    const writeQueues = Math.max(1, topicConfig.writeQueueNums);
    const msg: MessageToStore = {
      topic: header.topic,
      queueId: header.queueId < 0 ? Math.floor(this.random() * writeQueues) : header.queueId,
      flag: header.flag,
      body,
      propertiesString: encodeMessageProperties(properties),
      tagsCode: tagsCodeOf(properties.get(MessageConst.PROPERTY_TAGS)),
      sysFlag,
      bornTimestamp: header.bornTimestamp,
      bornHost: req.bornHost,
      storeHost: req.storeHost,
      reconsumeTimes: header.reconsumeTimes ?? 0,
      preparedTransactionOffset: 0,
    };
    return { msg, properties };
  }

  /** A send to %RETRY%group past the group's retry budget goes to %DLQ%group instead. */
  private async routeRetry(msg: MessageToStore, req: SendRequest): Promise<MessageToStore> {
    if (!isRetryTopic(msg.topic)) return msg;
    const group = msg.topic.slice('%RETRY%'.length);
    const groupConfig = await this.deps.groups.findSubscriptionGroupConfig(group);
    if (groupConfig === undefined) throw new SubscriptionGroupNotExistError(group);
    let maxReconsumeTimes = groupConfig.retryMaxTimes;
    if (
      req.requestVersion >= MAX_RECONSUME_TIMES_HEADER_VERSION &&
      req.header.maxReconsumeTimes !== undefined
    ) {
      maxReconsumeTimes = req.header.maxReconsumeTimes;
    }
    if (msg.reconsumeTimes < maxReconsumeTimes) return msg;
    const dlq = dlqTopicOf(group);
    const perm = PermName.PERM_READ | PermName.PERM_WRITE;
    const dlqConfig = await this.deps.topics.createTopicInSendMessageBackMethod(dlq, DLQ_QUEUE_NUMS, perm);
    if (!isWriteable(dlqConfig.perm))
      throw new NoPermissionError(`the topic[${dlq}] sending message is forbidden`);
    return { ...msg, topic: dlq, queueId: 0 };
  }

  private async prepare(msg: MessageToStore): Promise<PutMessageResult> {
    const sink = this.deps.halfMessages;
    if (sink === undefined) {
      throw new NoPermissionError(
        `the broker[${this.deps.settings.brokerName}] sending transaction message is forbidden`,
      );
    }
    return sink.prepareMessage(msg);
  }

  private reply(result: PutMessageResult, msg: MessageToStore, transactionId?: string): SendReply {
    const code = storedResponseCode(result);
    const append = result.appendResult;
    if (append === undefined) throw new Error(`store answered ${result.status} without an append result`);
    const reply: SendReply = {
      code,
      msgId: append.msgIds.join(','),
      queueId: msg.queueId,
      queueOffset: append.logicsOffset,
    };
    if (transactionId !== undefined) reply.transactionId = transactionId;
    return reply;
  }
}
