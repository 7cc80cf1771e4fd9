/**
 * END_TRANSACTION (37): a producer commits or rolls back a half message, or answers a check-back
 * (fromTransactionCheck). Java sends it oneway, so the reply usually goes nowhere; a producer that
 * sends it as a request gets SUCCESS, or the typed refusal (SLAVE_NOT_AVAILABLE, SYSTEM_ERROR with
 * RocketMQ's remark when the half message is not found or does not match).
 */
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { RemotingContext, RemotingHandler, RemotingReply, reply } from '@rmq/nest-kit';
import { EndTransactionRequestHeader, RemotingCommand, RequestCode, ResponseCode } from '@rmq/protocol';
import { BrokerController } from '../broker-controller';

@Controller()
export class EndTransactionHandlers {
  constructor(private readonly broker: BrokerController) {}

  @RemotingHandler(RequestCode.END_TRANSACTION)
  async endTransaction(
    @Payload() request: RemotingCommand,
    @Ctx() ctx: RemotingContext,
  ): Promise<RemotingReply> {
    const header = EndTransactionRequestHeader.decode(request.extFields);
    await this.broker.transactions.endTransaction(header, ctx.channel.remoteAddr);
    return reply(ResponseCode.SUCCESS);
  }
}
