/**
 * PULL_MESSAGE (11): the answer may come much later (long polling); the handler's promise simply
 * resolves then. The body is the stored records as they are in the commit log.
 */
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { RemotingContext, RemotingHandler, RemotingReply, reply } from '@rmq/nest-kit';
import {
  PullMessageRequestHeader,
  PullMessageResponseHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
} from '@rmq/protocol';
import { BrokerController } from '../broker-controller';

@Controller()
export class PullMessageHandlers {
  constructor(private readonly broker: BrokerController) {}

  @RemotingHandler(RequestCode.PULL_MESSAGE)
  async pullMessage(
    @Payload() request: RemotingCommand,
    @Ctx() ctx: RemotingContext,
  ): Promise<RemotingReply> {
    const header = PullMessageRequestHeader.decode(request.extFields);
    const startedMs = Date.now();
    const outcome = await this.broker.pullService.pull({ header, clientHost: ctx.channel.remoteAddr });
    const found = outcome.code === ResponseCode.SUCCESS;
    const { stats } = this.broker;
    stats.recordGet(
      header.consumerGroup,
      header.topic,
      found,
      outcome.messageCount,
      outcome.body?.length ?? 0,
    );
    stats.recordPullLatency(Date.now() - startedMs, found ? 'found' : 'not_found');
    const extFields = PullMessageResponseHeader.encode({
      suggestWhichBrokerId: outcome.suggestWhichBrokerId,
      nextBeginOffset: outcome.nextBeginOffset,
      minOffset: outcome.minOffset,
      maxOffset: outcome.maxOffset,
    });
    const parts: { remark: string; extFields: Record<string, string>; body?: Buffer } = {
      remark: outcome.remark,
      extFields,
    };
    if (outcome.body !== undefined) parts.body = outcome.body;
    return reply(outcome.code, parts);
  }
}
