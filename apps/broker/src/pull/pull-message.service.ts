/**
 * Pulling (RocketMQ's PullMessageProcessor): checks the group, topic and queue, resolves the
 * subscription (from the request, or from the group's heartbeat), reads from the store with tag
 * filtering, commits the consumer's offset when asked, and parks the pull (long polling) when
 * nothing new is there yet.
 */
import type { BrokerConfig } from '@rmq/config';
import {
  buildSubscriptionData,
  isReadable,
  parsePullSysFlag,
  PullMessageRequestHeader,
  ResponseCode,
  SubscriptionData,
} from '@rmq/protocol';
import type { ConsumerOffsetTable, MessageStore } from '@rmq/store';
import {
  BadRequestError,
  NoPermissionError,
  SubscriptionError,
  SubscriptionGroupNotExistError,
  TopicNotExistError,
} from '../errors/broker.errors';
import type { ConsumerManager } from '../client/consumer-manager';
import type { SubscriptionGroupManager } from '../subscription/subscription-group-manager';
import type { TopicConfigManager } from '../topic/topic-config-manager';
import { PullOutcome, toPullOutcome } from './pull-outcome';
import type { PullRequestHoldService } from './pull-request-hold.service';
import { filterOf } from './subscription-filter';

const MASTER_ID = 0;

export type PullSettings = Pick<
  BrokerConfig,
  | 'brokerRole'
  | 'brokerPermission'
  | 'brokerName'
  | 'longPollingEnable'
  | 'shortPollingTimeMills'
  | 'slaveReadEnable'
>;

export interface PullMessageDeps {
  settings: PullSettings;
  store: MessageStore;
  topics: TopicConfigManager;
  groups: SubscriptionGroupManager;
  consumers: ConsumerManager;
  offsets: ConsumerOffsetTable;
  hold: PullRequestHoldService;
  nowMs?: () => number;
}

export interface PullRequest {
  header: PullMessageRequestHeader;
  clientHost: string;
}

export class PullMessageService {
  private readonly nowMs: () => number;

  constructor(private readonly deps: PullMessageDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
  }

  /** Answers a pull; with `allowSuspend` an empty read is parked until data or its deadline. */
  async pull(req: PullRequest, allowSuspend = true): Promise<PullOutcome> {
    const { header } = req;
    const flags = parsePullSysFlag(header.sysFlag);
    const groupConfig = await this.checkGroupAndTopic(header);
    const subscription = this.subscriptionOf(header, flags.subscription);
    const filter = filterOf(subscription);
    const result = this.deps.store.getMessage(
      header.consumerGroup,
      header.topic,
      header.queueId,
      header.queueOffset,
      header.maxMsgNums,
      filter,
    );
    const suggest = this.deps.settings.slaveReadEnable
      ? result.suggestPullingFromSlave
        ? groupConfig.whichBrokerWhenConsumeSlowly
        : groupConfig.brokerId
      : MASTER_ID;
    const outcome = toPullOutcome(result, header.queueOffset, suggest);
    // Clients set the commit flag only with an offset > 0; a negative one is skipped, the pull served.
    const commit = flags.commitOffset && header.commitOffset >= 0;
    if (allowSuspend && commit && this.deps.settings.brokerRole !== 'SLAVE') {
      this.deps.offsets.commitOffset(
        header.consumerGroup,
        header.topic,
        header.queueId,
        header.commitOffset,
        req.clientHost,
      );
    }
    if (outcome.code !== ResponseCode.PULL_NOT_FOUND || !allowSuspend || !flags.suspend) return outcome;
    const holdMs = this.deps.settings.longPollingEnable
      ? header.suspendTimeoutMillis
      : this.deps.settings.shortPollingTimeMills;
    return this.deps.hold.suspend({
      topic: header.topic,
      queueId: header.queueId,
      offset: header.queueOffset,
      deadlineMs: this.nowMs() + holdMs,
      filter,
      rerun: () => this.pull(req, false),
    });
  }

  private async checkGroupAndTopic(header: PullMessageRequestHeader) {
    const { settings } = this.deps;
    if (!isReadable(settings.brokerPermission)) {
      throw new NoPermissionError(`the broker[${settings.brokerName}] pulling message is forbidden`);
    }
    const groupConfig = await this.deps.groups.findSubscriptionGroupConfig(header.consumerGroup);
    if (groupConfig === undefined) throw new SubscriptionGroupNotExistError(header.consumerGroup);
    if (!groupConfig.consumeEnable) {
      throw new NoPermissionError(`subscription group no permission, ${header.consumerGroup}`);
    }
    const topicConfig = this.deps.topics.selectTopicConfig(header.topic);
    if (topicConfig === undefined) throw new TopicNotExistError(header.topic);
    if (!isReadable(topicConfig.perm)) {
      throw new NoPermissionError(`the topic[${header.topic}] pulling message is forbidden`);
    }
    if (header.queueId < 0 || header.queueId >= topicConfig.readQueueNums) {
      throw new BadRequestError(
        `queueId[${header.queueId}] is illegal, topic:[${header.topic}] topicConfig.readQueueNums:[${topicConfig.readQueueNums}]`,
      );
    }
    return groupConfig;
  }

  /** The request's own subscription, or the one the group's heartbeat registered. */
  private subscriptionOf(header: PullMessageRequestHeader, fromRequest: boolean): SubscriptionData {
    const type = header.expressionType ?? 'TAG';
    if (type !== 'TAG') {
      throw new SubscriptionError(
        'SUBSCRIPTION_PARSE_FAILED',
        `expression type ${type} is not supported; use TAG`,
      );
    }
    if (fromRequest) return buildSubscriptionData(header.topic, header.subscription, header.subVersion);
    const group = this.deps.consumers.getConsumerGroupInfo(header.consumerGroup);
    if (group === undefined) {
      throw new SubscriptionError(
        'SUBSCRIPTION_NOT_EXIST',
        `the consumer's group info not exist: ${header.consumerGroup}`,
      );
    }
    const subscription = group.subscriptions.get(header.topic);
    if (subscription === undefined) {
      throw new SubscriptionError(
        'SUBSCRIPTION_NOT_EXIST',
        `the consumer's subscription not exist: ${header.topic}`,
      );
    }
    if (subscription.subVersion < header.subVersion) {
      throw new SubscriptionError('SUBSCRIPTION_NOT_LATEST', "the consumer's subscription not latest");
    }
    return subscription;
  }
}
