/**
 * The admin codes that read the broker's state, as mqadmin topicStatus / consumerProgress /
 * consumerConnection / producerConnection / topicClusterList and the console call them:
 * GET_TOPIC_STATS_INFO, GET_CONSUME_STATS, GET_CONSUMER_CONNECTION_LIST,
 * GET_PRODUCER_CONNECTION_LIST, QUERY_TOPIC_CONSUME_BY_WHO and QUERY_CONSUME_TIME_SPAN.
 */
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RemotingHandler, RemotingReply, reply } from '@rmq/nest-kit';
import {
  encodeConsumerConnection,
  encodeConsumeStats,
  encodeGroupList,
  encodeProducerConnection,
  encodeQueryConsumeTimeSpanBody,
  encodeTopicStatsTable,
  GetConsumerConnectionListRequestHeader,
  GetConsumeStatsRequestHeader,
  GetProducerConnectionListRequestHeader,
  GetTopicStatsInfoRequestHeader,
  QueryConsumeTimeSpanRequestHeader,
  QueryTopicConsumeByWhoRequestHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
} from '@rmq/protocol';
import { BrokerController } from '../broker-controller';
import { AdminQueryService } from './admin-query.service';

@Controller()
export class AdminQueryHandlers {
  private readonly queries: AdminQueryService;

  constructor(broker: BrokerController) {
    this.queries = new AdminQueryService(broker);
  }

  @RemotingHandler(RequestCode.GET_TOPIC_STATS_INFO)
  getTopicStatsInfo(@Payload() request: RemotingCommand): RemotingReply {
    const { topic } = GetTopicStatsInfoRequestHeader.decode(request.extFields);
    return reply(ResponseCode.SUCCESS, { body: encodeTopicStatsTable(this.queries.topicStats(topic)) });
  }

  @RemotingHandler(RequestCode.GET_CONSUME_STATS)
  getConsumeStats(@Payload() request: RemotingCommand): RemotingReply {
    const h = GetConsumeStatsRequestHeader.decode(request.extFields);
    return reply(ResponseCode.SUCCESS, {
      body: encodeConsumeStats(this.queries.consumeStats(h.consumerGroup, h.topic)),
    });
  }

  @RemotingHandler(RequestCode.GET_CONSUMER_CONNECTION_LIST)
  getConsumerConnectionList(@Payload() request: RemotingCommand): RemotingReply {
    const { consumerGroup } = GetConsumerConnectionListRequestHeader.decode(request.extFields);
    return reply(ResponseCode.SUCCESS, {
      body: encodeConsumerConnection(this.queries.consumerConnection(consumerGroup)),
    });
  }

  @RemotingHandler(RequestCode.GET_PRODUCER_CONNECTION_LIST)
  getProducerConnectionList(@Payload() request: RemotingCommand): RemotingReply {
    const { producerGroup } = GetProducerConnectionListRequestHeader.decode(request.extFields);
    return reply(ResponseCode.SUCCESS, {
      body: encodeProducerConnection(this.queries.producerConnection(producerGroup)),
    });
  }

  @RemotingHandler(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO)
  queryTopicConsumeByWho(@Payload() request: RemotingCommand): RemotingReply {
    const { topic } = QueryTopicConsumeByWhoRequestHeader.decode(request.extFields);
    return reply(ResponseCode.SUCCESS, {
      body: encodeGroupList({ groupList: this.queries.topicConsumedBy(topic) }),
    });
  }

  @RemotingHandler(RequestCode.QUERY_CONSUME_TIME_SPAN)
  queryConsumeTimeSpan(@Payload() request: RemotingCommand): RemotingReply {
    const h = QueryConsumeTimeSpanRequestHeader.decode(request.extFields);
    const consumeTimeSpanSet = this.queries.consumeTimeSpan(h.topic, h.group);
    return reply(ResponseCode.SUCCESS, { body: encodeQueryConsumeTimeSpanBody({ consumeTimeSpanSet }) });
  }
}
