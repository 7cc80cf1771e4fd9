/**
 * REGISTER_BROKER: checks the body's CRC, decodes it (plain or compressed), updates the route table
 * and remembers the connection so an expired broker's channel can be closed.
 */
import { Injectable } from '@nestjs/common';
import { reply, RemotingReply } from '@rmq/nest-kit';
import {
  decodeRegisterBrokerRequestBody,
  encodeKVTable,
  RegisterBrokerBody,
  RegisterBrokerRequestHeader,
  RegisterBrokerResponseHeader,
  RemotingCommand,
  ResponseCode,
  rocketmqCrc32,
} from '@rmq/protocol';
import type { Channel } from '@rmq/remoting';
import { KvConfigManager } from '../kv/kv-config-manager';
import { ORDER_TOPIC_CONFIG_NAMESPACE } from '../kv/kv-config.handlers';
import { BrokerRegistration, RouteInfoManager } from './route-info-manager';

@Injectable()
export class BrokerRegistrationService {
  /** Channels that registered a broker, by id, so the expiry scan can close them. */
  private readonly channels = new Map<number, Channel>();

  constructor(
    private readonly routes: RouteInfoManager,
    private readonly kv: KvConfigManager,
  ) {}

  register(request: RemotingCommand, channel: Channel): RemotingReply {
    const h = RegisterBrokerRequestHeader.decode(request.extFields);
    const body = request.body ?? Buffer.alloc(0);
    if (h.bodyCrc32 !== 0 && rocketmqCrc32(body) !== h.bodyCrc32) {
      return reply(ResponseCode.SYSTEM_ERROR, {
        remark: `crc32 of the register body does not match ${h.bodyCrc32}`,
      });
    }
    const decoded = body.length > 0 ? decodeRegisterBrokerRequestBody(body, h.compressed) : undefined;
    const result = this.routes.registerBroker({
      clusterName: h.clusterName,
      brokerAddr: h.brokerAddr,
      brokerName: h.brokerName,
      brokerId: h.brokerId,
      haServerAddr: h.haServerAddr,
      ...topicConfigsOf(decoded),
      channelId: String(channel.id),
    });
    this.channels.set(channel.id, channel);
    const orderTopics = this.kv.list(ORDER_TOPIC_CONFIG_NAMESPACE);
    const parts: Omit<RemotingReply, 'code'> = { extFields: RegisterBrokerResponseHeader.encode(result) };
    if (orderTopics && orderTopics.size > 0) parts.body = encodeKVTable({ table: new Map(orderTopics) });
    return reply(ResponseCode.SUCCESS, parts);
  }

  /** The connection closed: forget it and drop every broker registered on it. */
  channelClosed(channel: Channel): string[] {
    this.channels.delete(channel.id);
    return this.routes.onChannelClosed(String(channel.id));
  }

  /** Drops brokers silent for too long and closes their connections. */
  scanNotActiveBroker(): string[] {
    const expired = this.routes.scanNotActiveBroker();
    for (const { channelId } of expired) {
      const channel = this.channels.get(Number(channelId));
      if (channel && !this.routes.hasLiveBrokerOnChannel(channelId)) {
        this.channels.delete(channel.id);
        void channel.close();
      }
    }
    return expired.map((e) => e.brokerAddr);
  }
}

function topicConfigsOf(
  body: RegisterBrokerBody | undefined,
): Pick<BrokerRegistration, 'dataVersion' | 'topicConfigTable'> {
  if (!body) return { dataVersion: { counter: 0, timestamp: 0 }, topicConfigTable: new Map() };
  const wrapper = body.topicConfigSerializeWrapper;
  return { dataVersion: wrapper.dataVersion, topicConfigTable: wrapper.topicConfigTable };
}
