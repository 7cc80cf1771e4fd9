/**
 * SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320): decode, hand to the send
 * service, answer with SendMessageResponseHeader plus MSG_REGION and TRACE_ON as RocketMQ does.
 */
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { RemotingContext, RemotingHandler, RemotingReply, reply } from '@rmq/nest-kit';
import {
  decodeBatchMessages,
  decodeSendMessageRequestHeader,
  parseSocketAddress,
  RemotingCommand,
  RequestCode,
  SendMessageResponseHeader,
  SocketAddress,
} from '@rmq/protocol';
import type { Channel } from '@rmq/remoting';
import { BrokerController } from '../broker-controller';
import { SendReply } from './send-message.service';
import { SendRequest } from './send-request';

const DEFAULT_REGION = 'DefaultRegion';

@Controller()
export class SendMessageHandlers {
  private readonly storeHost: SocketAddress;
  /** A producer's address, parsed once per connection rather than on every send. */
  private readonly bornHosts = new WeakMap<Channel, SocketAddress>();

  constructor(private readonly broker: BrokerController) {
    this.storeHost = { host: broker.config.brokerIP1, port: broker.config.listenPort };
  }

  @RemotingHandler(RequestCode.SEND_MESSAGE)
  async sendMessage(
    @Payload() request: RemotingCommand,
    @Ctx() ctx: RemotingContext,
  ): Promise<RemotingReply> {
    return this.sendOne(this.sendRequest(request, ctx));
  }

  @RemotingHandler(RequestCode.SEND_MESSAGE_V2)
  async sendMessageV2(
    @Payload() request: RemotingCommand,
    @Ctx() ctx: RemotingContext,
  ): Promise<RemotingReply> {
    return this.sendOne(this.sendRequest(request, ctx));
  }

  @RemotingHandler(RequestCode.SEND_BATCH_MESSAGE)
  async sendBatchMessage(
    @Payload() request: RemotingCommand,
    @Ctx() ctx: RemotingContext,
  ): Promise<RemotingReply> {
    const req = this.sendRequest(request, ctx);
    const entries = decodeBatchMessages(req.body);
    const startedMs = Date.now();
    const result = await this.broker.sendService.sendBatch(req, entries);
    const bytes = entries.reduce((sum, e) => sum + e.body.length, 0);
    this.recordStored(req.header.topic, entries.length, bytes, startedMs);
    return toReply(result);
  }

  private async sendOne(req: SendRequest): Promise<RemotingReply> {
    const startedMs = Date.now();
    const result = await this.broker.sendService.sendMessage(req);
    this.recordStored(req.header.topic, 1, req.body.length, startedMs);
    return toReply(result);
  }

  /** Traffic statistics of a stored send (refusals throw before getting here). */
  private recordStored(topic: string, msgs: number, bytes: number, startedMs: number): void {
    this.broker.stats.recordPut(topic, msgs, bytes);
    this.broker.stats.recordSendLatency(Date.now() - startedMs, 'ok');
  }

  private bornHostOf(channel: Channel): SocketAddress {
    let host = this.bornHosts.get(channel);
    if (host === undefined) {
      host = parseSocketAddress(channel.remoteAddr);
      this.bornHosts.set(channel, host);
    }
    return host;
  }

  private sendRequest(request: RemotingCommand, ctx: RemotingContext): SendRequest {
    return {
      header: decodeSendMessageRequestHeader(request.code, request.extFields),
      body: request.body ?? Buffer.alloc(0),
      requestVersion: request.version,
      bornHost: this.bornHostOf(ctx.channel),
      storeHost: this.storeHost,
    };
  }
}

function toReply(result: SendReply): RemotingReply {
  const header: SendMessageResponseHeader = {
    msgId: result.msgId,
    queueId: result.queueId,
    queueOffset: result.queueOffset,
    MSG_REGION: DEFAULT_REGION,
    TRACE_ON: 'true',
  };
  if (result.transactionId !== undefined) header.transactionId = result.transactionId;
  return reply(result.code, { extFields: SendMessageResponseHeader.encode(header) });
}
