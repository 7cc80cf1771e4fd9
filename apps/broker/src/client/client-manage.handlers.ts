/**
 * Client management codes (RocketMQ's ClientManageProcessor and the lock part of
 * AdminBrokerProcessor): HEART_BEAT registers producers and consumers (creating the group and its
 * retry topic), UNREGISTER_CLIENT removes them, GET_CONSUMER_LIST_BY_GROUP lists a group's members
 * for rebalancing, LOCK/UNLOCK_BATCH_MQ serve orderly consumers.
 */
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { RemotingContext, RemotingHandler, RemotingReply, reply } from '@rmq/nest-kit';
import {
  decodeHeartbeatData,
  decodeLockBatchRequestBody,
  encodeGetConsumerListByGroupResponseBody,
  encodeLockBatchResponseBody,
  GetConsumerListByGroupRequestHeader,
  PermName,
  RemotingCommand,
  RequestCode,
  ResponseCode,
  retryTopicOf,
  UnregisterClientRequestHeader,
} from '@rmq/protocol';
import { BrokerController } from '../broker-controller';
import { BadRequestError } from '../errors/broker.errors';

@Controller()
export class ClientManageHandlers {
  constructor(private readonly broker: BrokerController) {}

  @RemotingHandler(RequestCode.HEART_BEAT)
  async heartBeat(@Payload() request: RemotingCommand, @Ctx() ctx: RemotingContext): Promise<RemotingReply> {
    if (request.body === undefined) throw new BadRequestError('HEART_BEAT without a body');
    const data = decodeHeartbeatData(request.body);
    const client = {
      channel: ctx.channel,
      clientId: data.clientID,
      language: request.language,
      version: request.version,
      lastUpdateTimestamp: Date.now(),
    };
    for (const consumer of data.consumerDataSet) {
      const groupConfig = await this.broker.groups.findSubscriptionGroupConfig(consumer.groupName);
      if (groupConfig !== undefined) {
        await this.broker.topics.createTopicInSendMessageBackMethod(
          retryTopicOf(consumer.groupName),
          groupConfig.retryQueueNums,
          PermName.PERM_READ | PermName.PERM_WRITE,
        );
      }
      this.broker.consumers.registerConsumer(
        { group: consumer.groupName, client, ...consumer, subscriptions: consumer.subscriptionDataSet },
        groupConfig?.notifyConsumerIdsChangedEnable ?? true,
      );
    }
    for (const producer of data.producerDataSet)
      this.broker.producers.registerProducer(producer.groupName, client);
    return reply(ResponseCode.SUCCESS);
  }

  @RemotingHandler(RequestCode.UNREGISTER_CLIENT)
  unregisterClient(@Payload() request: RemotingCommand, @Ctx() ctx: RemotingContext): RemotingReply {
    const header = UnregisterClientRequestHeader.decode(request.extFields);
    if (header.producerGroup) this.broker.producers.unregisterProducer(header.producerGroup, ctx.channel);
    if (header.consumerGroup) {
      const notify = this.broker.groups.get(header.consumerGroup)?.notifyConsumerIdsChangedEnable ?? true;
      this.broker.consumers.unregisterConsumer(header.consumerGroup, ctx.channel, notify);
    }
    return reply(ResponseCode.SUCCESS);
  }

  @RemotingHandler(RequestCode.GET_CONSUMER_LIST_BY_GROUP)
  getConsumerListByGroup(@Payload() request: RemotingCommand): RemotingReply {
    const { consumerGroup } = GetConsumerListByGroupRequestHeader.decode(request.extFields);
    const consumerIdList = this.broker.consumers.consumerIds(consumerGroup);
    if (consumerIdList.length === 0) {
      return reply(ResponseCode.SYSTEM_ERROR, { remark: `no consumer for this group, ${consumerGroup}` });
    }
    return reply(ResponseCode.SUCCESS, {
      body: encodeGetConsumerListByGroupResponseBody({ consumerIdList }),
    });
  }

  @RemotingHandler(RequestCode.LOCK_BATCH_MQ)
  lockBatchMQ(@Payload() request: RemotingCommand): RemotingReply {
    if (request.body === undefined) throw new BadRequestError('LOCK_BATCH_MQ without a body');
    const body = decodeLockBatchRequestBody(request.body);
    const lockOKMQSet = this.broker.locks.tryLockBatch(body.consumerGroup, body.mqSet, body.clientId);
    return reply(ResponseCode.SUCCESS, { body: encodeLockBatchResponseBody({ lockOKMQSet }) });
  }

  @RemotingHandler(RequestCode.UNLOCK_BATCH_MQ)
  unlockBatchMQ(@Payload() request: RemotingCommand): RemotingReply {
    if (request.body === undefined) throw new BadRequestError('UNLOCK_BATCH_MQ without a body');
    const body = decodeLockBatchRequestBody(request.body);
    this.broker.locks.unlockBatch(body.consumerGroup, body.mqSet, body.clientId);
    return reply(ResponseCode.SUCCESS);
  }

  @RemotingHandler(RequestCode.CHECK_CLIENT_CONFIG)
  checkClientConfig(): RemotingReply {
    // Java sends this only for SQL92 subscriptions, which this broker does not filter.
    return reply(ResponseCode.SYSTEM_ERROR, {
      remark: 'The broker does not support consumer to filter message by SQL92',
    });
  }
}
