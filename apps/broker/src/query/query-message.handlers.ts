/**
 * Message lookup (RocketMQ's QueryMessageProcessor): VIEW_MESSAGE_BY_ID reads the record at a
 * commit-log offset (decoded by the client from an offset msgId); QUERY_MESSAGE searches the index
 * by KEYS word or UNIQ_KEY within a time range.
 */
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RemotingHandler, RemotingReply, reply } from '@rmq/nest-kit';
import {
  QueryMessageRequestHeader,
  QueryMessageResponseHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
  ViewMessageRequestHeader,
} from '@rmq/protocol';
import { BrokerController } from '../broker-controller';
import { BrokerSystemError } from '../errors/broker.errors';

@Controller()
export class QueryMessageHandlers {
  constructor(private readonly broker: BrokerController) {}

  @RemotingHandler(RequestCode.VIEW_MESSAGE_BY_ID)
  viewMessageById(@Payload() request: RemotingCommand): RemotingReply {
    const { offset } = ViewMessageRequestHeader.decode(request.extFields);
    const record = this.broker.store.lookMessageByOffset(offset);
    if (record === undefined)
      throw new BrokerSystemError(`can not find message by the offset, ${offset}`, { offset });
    return reply(ResponseCode.SUCCESS, { body: record });
  }

  @RemotingHandler(RequestCode.QUERY_MESSAGE)
  queryMessage(@Payload() request: RemotingCommand): RemotingReply {
    const h = QueryMessageRequestHeader.decode(request.extFields);
    const maxNum = h._UNIQUE_KEY_QUERY === true ? this.broker.config.defaultQueryMaxNum : h.maxNum;
    const result = this.broker.store.queryMessage(h.topic, h.key, maxNum, h.beginTimestamp, h.endTimestamp);
    const extFields = QueryMessageResponseHeader.encode({
      indexLastUpdateTimestamp: result.indexLastUpdateTimestamp,
      indexLastUpdatePhyoffset: result.indexLastUpdatePhyoffset,
    });
    if (result.messages.length === 0) {
      return reply(ResponseCode.QUERY_NOT_FOUND, {
        remark: 'can not find message, maybe time range not correct',
        extFields,
      });
    }
    return reply(ResponseCode.SUCCESS, { extFields, body: Buffer.concat(result.messages) });
  }
}
