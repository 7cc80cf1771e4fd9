/**
 * CONSUMER_SEND_MSG_BACK (36): decode ConsumerSendMsgBackRequestHeader and hand it to the send-back
 * service; the reply carries only a code (SUCCESS when the copy was stored).
 */
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RemotingHandler, RemotingReply, reply } from '@rmq/nest-kit';
import { ConsumerSendMsgBackRequestHeader, RemotingCommand, RequestCode } from '@rmq/protocol';
import { BrokerController } from '../broker-controller';

@Controller()
export class ConsumerSendMsgBackHandlers {
  constructor(private readonly broker: BrokerController) {}

  @RemotingHandler(RequestCode.CONSUMER_SEND_MSG_BACK)
  async consumerSendMsgBack(@Payload() request: RemotingCommand): Promise<RemotingReply> {
    const header = ConsumerSendMsgBackRequestHeader.decode(request.extFields);
    const result = await this.broker.sendBackService.sendBack({ header, requestVersion: request.version });
    return reply(result.code);
  }
}
