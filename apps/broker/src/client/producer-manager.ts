/**
 * Online producers per group (RocketMQ's ProducerManager): used to call a transaction's producer
 * back (CHECK_TRANSACTION_STATE) and to list a group's connections for admins.
 */
import type { Channel } from '@rmq/remoting';
import { ClientChannelInfo } from './client-channel-info';

export class ProducerManager {
  private readonly groups = new Map<string, Map<Channel, ClientChannelInfo>>();
  private nextPick = 0;

  constructor(private readonly nowMs: () => number = Date.now) {}

  registerProducer(group: string, client: ClientChannelInfo): void {
    let channels = this.groups.get(group);
    if (channels === undefined) {
      channels = new Map();
      this.groups.set(group, channels);
    }
    channels.set(client.channel, { ...client, lastUpdateTimestamp: this.nowMs() });
  }

  unregisterProducer(group: string, channel: Channel): void {
    const channels = this.groups.get(group);
    if (channels === undefined) return;
    channels.delete(channel);
    if (channels.size === 0) this.groups.delete(group);
  }

  channelClosed(channel: Channel): void {
    for (const group of [...this.groups.keys()]) this.unregisterProducer(group, channel);
  }

  scanNotActiveChannel(expiryMs: number): Channel[] {
    const now = this.nowMs();
    const expired: Channel[] = [];
    for (const channels of this.groups.values()) {
      for (const [channel, client] of channels) {
        if (now - client.lastUpdateTimestamp > expiryMs) expired.push(channel);
      }
    }
    for (const channel of expired) this.channelClosed(channel);
    return expired;
  }

  /** An open connection of the group, taking turns (transaction check-backs). */
  getAvailableChannel(group: string): Channel | undefined {
    const open = [...(this.groups.get(group)?.values() ?? [])].filter((c) => c.channel.isOpen);
    if (open.length === 0) return undefined;
    this.nextPick = (this.nextPick + 1) % open.length;
    return open[this.nextPick]?.channel;
  }

  connections(group: string): ClientChannelInfo[] {
    return [...(this.groups.get(group)?.values() ?? [])];
  }

  groupNames(): string[] {
    return [...this.groups.keys()];
  }
}
