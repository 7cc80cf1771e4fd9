/**
 * CONSUMER_SEND_MSG_BACK (RocketMQ's SendMessageProcessor.asyncConsumerSendMsgBack): a consumer
 * failed a message; the broker stores a copy in `%RETRY%<group>` (parked in SCHEDULE_TOPIC_XXXX
 * until its delay level is due) or, when the retry budget is spent or the client asks, in
 * `%DLQ%<group>`. The copy keeps body, flag, tags, keys, born host/time and sysFlag; its store
 * host is this broker and its reconsumeTimes is one more than the consumed message's.
 */
import type { BrokerConfig } from '@rmq/config';
import {
  ConsumerSendMsgBackRequestHeader,
  decodeMessageProperties,
  decodeStoredMessage,
  DecodedStoredMessage,
  isWriteable,
  MessageConst,
  PermName,
  ResponseCode,
  retryTopicOf,
  SocketAddress,
  tagsCodeOf,
  TopicConfig,
  TopicSysFlag,
} from '@rmq/protocol';
import type { MessageStore, MessageToStore } from '@rmq/store';
import {
  BrokerSystemError,
  NoPermissionError,
  SubscriptionGroupNotExistError,
} from '../errors/broker.errors';
import { parkIfDelayed } from '../send/delayed-message';
import { storedResponseCode } from '../send/put-result';
import type { SubscriptionGroupManager } from '../subscription/subscription-group-manager';
import type { TopicConfigManager } from '../topic/topic-config-manager';
import {
  decideSendBack,
  DLQ_QUEUE_NUMS,
  maxReconsumeTimesOf,
  SendBackDecision,
  sendBackProperties,
} from './send-back-decision';

const READ_WRITE = PermName.PERM_READ | PermName.PERM_WRITE;

export interface ConsumerSendMsgBackDeps {
  settings: Pick<BrokerConfig, 'brokerPermission' | 'brokerName'>;
  store: MessageStore;
  topics: TopicConfigManager;
  groups: SubscriptionGroupManager;
  delayLevelCount: number;
  /** brokerIP1:listenPort, the STOREHOST of the stored copy. */
  storeHost: SocketAddress;
  random?: () => number;
}

export interface SendBackRequest {
  header: ConsumerSendMsgBackRequestHeader;
  /** The RemotingCommand version of the request (client version). */
  requestVersion: number;
}

export interface SendBackResult {
  /** The response code (SUCCESS, or a stored-but code such as FLUSH_DISK_TIMEOUT). */
  code: number;
  /** Where the copy went; undefined when the group has no retry queues (the message is dropped). */
  decision?: SendBackDecision;
}

export class ConsumerSendMsgBackService {
  private readonly random: () => number;

  constructor(private readonly deps: ConsumerSendMsgBackDeps) {
    this.random = deps.random ?? Math.random;
  }

  async sendBack(req: SendBackRequest): Promise<SendBackResult> {
    const { header } = req;
    const groupConfig = await this.deps.groups.findSubscriptionGroupConfig(header.group);
    if (groupConfig === undefined) throw new SubscriptionGroupNotExistError(header.group);
    if (!isWriteable(this.deps.settings.brokerPermission)) {
      throw new NoPermissionError(
        `the broker[${this.deps.settings.brokerName}] sending message is forbidden`,
      );
    }
    // A group without retry queues does not retry: the failed message is acknowledged and dropped.
    if (groupConfig.retryQueueNums <= 0) return { code: ResponseCode.SUCCESS };
    const topicSysFlag = header.unitMode ? TopicSysFlag.FLAG_UNIT_SUB : 0;
    await this.writableTopic(retryTopicOf(header.group), groupConfig.retryQueueNums, topicSysFlag);
    const consumed = this.lookMessage(header.offset);
    const decision = decideSendBack({
      group: header.group,
      delayLevel: header.delayLevel,
      reconsumeTimes: consumed.reconsumeTimes,
      maxReconsumeTimes: maxReconsumeTimesOf(
        groupConfig.retryMaxTimes,
        req.requestVersion,
        header.maxReconsumeTimes,
      ),
      retryQueueNums: groupConfig.retryQueueNums,
      random: this.random,
    });
    if (decision.kind === 'DLQ') await this.writableTopic(decision.topic, DLQ_QUEUE_NUMS, 0);
    const copy = this.buildCopy(consumed, decision, header.originMsgId);
    const result = await this.deps.store.putMessage(parkIfDelayed(copy, this.deps.delayLevelCount));
    return { code: storedResponseCode(result), decision };
  }

  private async writableTopic(topic: string, queueNums: number, topicSysFlag: number): Promise<TopicConfig> {
    const config = await this.deps.topics.createTopicInSendMessageBackMethod(
      topic,
      queueNums,
      READ_WRITE,
      topicSysFlag,
    );
    if (!isWriteable(config.perm)) {
      throw new NoPermissionError(`the topic[${topic}] sending message is forbidden`, { topic });
    }
    return config;
  }

  private lookMessage(commitLogOffset: number): DecodedStoredMessage {
    const record = this.deps.store.lookMessageByOffset(commitLogOffset);
    if (record === undefined) {
      throw new BrokerSystemError(`look message by offset failed, ${commitLogOffset}`, { commitLogOffset });
    }
    try {
      return decodeStoredMessage(record);
    } catch (err) {
      throw new BrokerSystemError(
        `the message at offset ${commitLogOffset} cannot be decoded: ${String(err)}`,
        {
          commitLogOffset,
        },
      );
    }
  }

  private buildCopy(
    consumed: DecodedStoredMessage,
    decision: SendBackDecision,
    headerOriginMsgId: string | undefined,
  ): MessageToStore {
    const propertiesString = sendBackProperties(consumed, decision, headerOriginMsgId);
    const tags = decodeMessageProperties(propertiesString).get(MessageConst.PROPERTY_TAGS);
    return {
      topic: decision.topic,
      queueId: decision.queueId,
      flag: consumed.flag,
      body: consumed.body,
      propertiesString,
      tagsCode: tagsCodeOf(tags),
      sysFlag: consumed.sysFlag,
      bornTimestamp: consumed.bornTimestamp,
      bornHost: consumed.bornHost,
      storeHost: this.deps.storeHost,
      reconsumeTimes: consumed.reconsumeTimes + 1,
      preparedTransactionOffset: 0,
    };
  }
}
