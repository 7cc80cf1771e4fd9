/**
 * Online consumers per group (RocketMQ's ConsumerManager + ConsumerGroupInfo): which connections
 * belong to a group, what the group subscribes to, and how it consumes. Heartbeats refresh it;
 * closed or silent connections leave it. A change of a group's member list is reported through
 * `onConsumerIdsChanged` so the broker can tell the remaining members to rebalance.
 */
import type { SubscriptionData } from '@rmq/protocol';
import type { Channel } from '@rmq/remoting';
import { ClientChannelInfo } from './client-channel-info';

export interface ConsumerGroupInfo {
  readonly groupName: string;
  readonly channels: Map<Channel, ClientChannelInfo>;
  readonly subscriptions: Map<string, SubscriptionData>;
  consumeType: string;
  messageModel: string;
  consumeFromWhere: string;
  lastUpdateTimestamp: number;
}

export interface ConsumerRegistration {
  group: string;
  client: ClientChannelInfo;
  consumeType: string;
  messageModel: string;
  consumeFromWhere: string;
  subscriptions: readonly SubscriptionData[];
}

export type ConsumerIdsChangedListener = (group: string, channels: Channel[]) => void;

export class ConsumerManager {
  private readonly groups = new Map<string, ConsumerGroupInfo>();

  constructor(
    private readonly onConsumerIdsChanged: ConsumerIdsChangedListener = () => undefined,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Records a heartbeat; true when the group's member list changed. */
  registerConsumer(reg: ConsumerRegistration, notifyChanged: boolean): boolean {
    const info = this.groupFor(reg.group, reg);
    info.consumeType = reg.consumeType;
    info.messageModel = reg.messageModel;
    info.consumeFromWhere = reg.consumeFromWhere;
    info.lastUpdateTimestamp = this.nowMs();
    const known = info.channels.get(reg.client.channel);
    const membersChanged = known === undefined || known.clientId !== reg.client.clientId;
    info.channels.set(reg.client.channel, { ...reg.client, lastUpdateTimestamp: this.nowMs() });
    this.updateSubscriptions(info, reg.subscriptions);
    if (membersChanged && notifyChanged) this.onConsumerIdsChanged(reg.group, [...info.channels.keys()]);
    return membersChanged;
  }

  unregisterConsumer(group: string, channel: Channel, notifyChanged: boolean): boolean {
    const info = this.groups.get(group);
    if (info === undefined || !info.channels.delete(channel)) return false;
    if (info.channels.size === 0) this.groups.delete(group);
    else if (notifyChanged) this.onConsumerIdsChanged(group, [...info.channels.keys()]);
    return true;
  }

  /** A connection closed: it leaves every group it was in. */
  channelClosed(channel: Channel): string[] {
    const left: string[] = [];
    for (const [group, info] of this.groups) {
      if (!info.channels.delete(channel)) continue;
      left.push(group);
      if (info.channels.size === 0) this.groups.delete(group);
      else this.onConsumerIdsChanged(group, [...info.channels.keys()]);
    }
    return left;
  }

  /** Drops connections silent for longer than `expiryMs`; returns them (the caller closes them). */
  scanNotActiveChannel(expiryMs: number): Channel[] {
    const now = this.nowMs();
    const expired: Channel[] = [];
    for (const info of this.groups.values()) {
      for (const [channel, client] of info.channels) {
        if (now - client.lastUpdateTimestamp > expiryMs) expired.push(channel);
      }
    }
    for (const channel of expired) this.channelClosed(channel);
    return expired;
  }

  getConsumerGroupInfo(group: string): ConsumerGroupInfo | undefined {
    return this.groups.get(group);
  }

  findSubscriptionData(group: string, topic: string): SubscriptionData | undefined {
    return this.groups.get(group)?.subscriptions.get(topic);
  }

  /** Client ids of the group's members, for GET_CONSUMER_LIST_BY_GROUP. */
  consumerIds(group: string): string[] {
    const info = this.groups.get(group);
    return info === undefined ? [] : [...info.channels.values()].map((c) => c.clientId);
  }

  /** Online groups subscribed to `topic` (QUERY_TOPIC_CONSUME_BY_WHO, consume stats). */
  groupsOfTopic(topic: string): string[] {
    return [...this.groups.values()].filter((g) => g.subscriptions.has(topic)).map((g) => g.groupName);
  }

  groupNames(): string[] {
    return [...this.groups.keys()];
  }

  private groupFor(group: string, reg: ConsumerRegistration): ConsumerGroupInfo {
    let info = this.groups.get(group);
    if (info === undefined) {
      info = {
        groupName: group,
        channels: new Map(),
        subscriptions: new Map(),
        consumeType: reg.consumeType,
        messageModel: reg.messageModel,
        consumeFromWhere: reg.consumeFromWhere,
        lastUpdateTimestamp: this.nowMs(),
      };
      this.groups.set(group, info);
    }
    return info;
  }

  /** Keeps the newest version of each topic's subscription; topics no longer sent are dropped. */
  private updateSubscriptions(info: ConsumerGroupInfo, subscriptions: readonly SubscriptionData[]): void {
    const sent = new Set<string>();
    for (const sub of subscriptions) {
      sent.add(sub.topic);
      const old = info.subscriptions.get(sub.topic);
      if (old === undefined || sub.subVersion > old.subVersion) info.subscriptions.set(sub.topic, sub);
    }
    for (const topic of [...info.subscriptions.keys()])
      if (!sent.has(topic)) info.subscriptions.delete(topic);
  }
}
