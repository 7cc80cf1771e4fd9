/**
 * Offset codes (RocketMQ's ConsumerManageProcessor and the offset part of AdminBrokerProcessor):
 * a group's committed offsets, and a queue's min/max offsets, earliest store time and the offset
 * nearest a timestamp.
 */
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { RemotingContext, RemotingHandler, RemotingReply, reply } from '@rmq/nest-kit';
import {
  GetEarliestMsgStoretimeRequestHeader,
  GetEarliestMsgStoretimeResponseHeader,
  GetMaxOffsetRequestHeader,
  GetMaxOffsetResponseHeader,
  GetMinOffsetRequestHeader,
  GetMinOffsetResponseHeader,
  QueryConsumerOffsetRequestHeader,
  QueryConsumerOffsetResponseHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
  SearchOffsetRequestHeader,
  SearchOffsetResponseHeader,
  UpdateConsumerOffsetRequestHeader,
} from '@rmq/protocol';
import { BrokerController } from '../broker-controller';
import { BadRequestError } from '../errors/broker.errors';

const NOT_FOUND_REMARK = 'Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first';

@Controller()
export class ConsumerOffsetHandlers {
  constructor(private readonly broker: BrokerController) {}

  @RemotingHandler(RequestCode.QUERY_CONSUMER_OFFSET)
  queryConsumerOffset(@Payload() request: RemotingCommand): RemotingReply {
    const h = QueryConsumerOffsetRequestHeader.decode(request.extFields);
    const offset = this.broker.offsets.queryOffset(h.consumerGroup, h.topic, h.queueId);
    if (offset >= 0) return offsetReply(offset);
    // A new group on a young queue starts at 0 even when it asked for the last offset (protocol.md §2.3).
    const { store } = this.broker;
    const empty = store.getMaxOffsetInQueue(h.topic, h.queueId) <= 0;
    const young =
      store.getMinOffsetInQueue(h.topic, h.queueId) <= 0 &&
      !this.broker.isQueueHeadOnDisk(h.topic, h.queueId);
    if (empty || young) return offsetReply(0);
    return reply(ResponseCode.QUERY_NOT_FOUND, { remark: NOT_FOUND_REMARK });
  }

  @RemotingHandler(RequestCode.UPDATE_CONSUMER_OFFSET)
  updateConsumerOffset(@Payload() request: RemotingCommand, @Ctx() ctx: RemotingContext): RemotingReply {
    const h = UpdateConsumerOffsetRequestHeader.decode(request.extFields);
    if (h.queueId < 0 || h.commitOffset < 0) {
      throw new BadRequestError(
        `queueId[${h.queueId}] and commitOffset[${h.commitOffset}] must not be negative`,
        { group: h.consumerGroup, topic: h.topic },
      );
    }
    this.broker.offsets.commitOffset(
      h.consumerGroup,
      h.topic,
      h.queueId,
      h.commitOffset,
      ctx.channel.remoteAddr,
    );
    return reply(ResponseCode.SUCCESS);
  }

  @RemotingHandler(RequestCode.GET_MAX_OFFSET)
  getMaxOffset(@Payload() request: RemotingCommand): RemotingReply {
    const h = GetMaxOffsetRequestHeader.decode(request.extFields);
    const offset = this.broker.store.getMaxOffsetInQueue(h.topic, h.queueId);
    return reply(ResponseCode.SUCCESS, { extFields: GetMaxOffsetResponseHeader.encode({ offset }) });
  }

  @RemotingHandler(RequestCode.GET_MIN_OFFSET)
  getMinOffset(@Payload() request: RemotingCommand): RemotingReply {
    const h = GetMinOffsetRequestHeader.decode(request.extFields);
    const offset = this.broker.store.getMinOffsetInQueue(h.topic, h.queueId);
    return reply(ResponseCode.SUCCESS, { extFields: GetMinOffsetResponseHeader.encode({ offset }) });
  }

  @RemotingHandler(RequestCode.GET_EARLIEST_MSG_STORETIME)
  getEarliestMsgStoretime(@Payload() request: RemotingCommand): RemotingReply {
    const h = GetEarliestMsgStoretimeRequestHeader.decode(request.extFields);
    const timestamp = this.broker.store.getEarliestMessageTime(h.topic, h.queueId);
    return reply(ResponseCode.SUCCESS, {
      extFields: GetEarliestMsgStoretimeResponseHeader.encode({ timestamp }),
    });
  }

  @RemotingHandler(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP)
  searchOffsetByTimestamp(@Payload() request: RemotingCommand): RemotingReply {
    const h = SearchOffsetRequestHeader.decode(request.extFields);
    const offset = this.broker.store.getOffsetInQueueByTime(h.topic, h.queueId, h.timestamp);
    return reply(ResponseCode.SUCCESS, { extFields: SearchOffsetResponseHeader.encode({ offset }) });
  }
}

function offsetReply(offset: number): RemotingReply {
  return reply(ResponseCode.SUCCESS, { extFields: QueryConsumerOffsetResponseHeader.encode({ offset }) });
}
