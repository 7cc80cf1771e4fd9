/**
 * Topic administration (the topic part of RocketMQ's AdminBrokerProcessor), as mqadmin
 * updateTopic / deleteTopic and the console use it: create or update, delete, and list the
 * broker's topic table. Changes are persisted and re-registered with the NameServers.
 */
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RemotingHandler, RemotingReply, reply } from '@rmq/nest-kit';
import {
  CreateTopicRequestHeader,
  DeleteTopicRequestHeader,
  encodeTopicConfigSerializeWrapper,
  isSystemTopic,
  RemotingCommand,
  RequestCode,
  ResponseCode,
  TopicFilterType,
  topicNameProblem,
} from '@rmq/protocol';
import { BrokerController } from '../broker-controller';
import { BadRequestError } from '../errors/broker.errors';

@Controller()
export class TopicAdminHandlers {
  constructor(private readonly broker: BrokerController) {}

  @RemotingHandler(RequestCode.UPDATE_AND_CREATE_TOPIC)
  async updateAndCreateTopic(@Payload() request: RemotingCommand): Promise<RemotingReply> {
    const h = CreateTopicRequestHeader.decode(request.extFields);
    const problem = topicNameProblem(h.topic);
    if (problem !== undefined) throw new BadRequestError(problem, { topic: h.topic });
    if (isSystemTopic(h.topic)) {
      throw new BadRequestError(`The topic[${h.topic}] is conflict with system reserved words.`, {
        topic: h.topic,
      });
    }
    if (h.readQueueNums < 1 || h.writeQueueNums < 1) {
      throw new BadRequestError('readQueueNums and writeQueueNums must be at least 1', { topic: h.topic });
    }
    await this.broker.topics.updateTopicConfig({
      topicName: h.topic,
      readQueueNums: h.readQueueNums,
      writeQueueNums: h.writeQueueNums,
      perm: h.perm,
      topicFilterType: h.topicFilterType as TopicFilterType,
      topicSysFlag: h.topicSysFlag ?? 0,
      order: h.order,
    });
    return reply(ResponseCode.SUCCESS);
  }

  @RemotingHandler(RequestCode.DELETE_TOPIC_IN_BROKER)
  async deleteTopicInBroker(@Payload() request: RemotingCommand): Promise<RemotingReply> {
    const { topic } = DeleteTopicRequestHeader.decode(request.extFields);
    if (isSystemTopic(topic))
      throw new BadRequestError(`The topic[${topic}] is a system topic and cannot be deleted`);
    await this.broker.topics.deleteTopicConfig(topic);
    this.broker.store.cleanTopic(topic);
    this.broker.offsets.removeTopic(topic);
    return reply(ResponseCode.SUCCESS);
  }

  @RemotingHandler(RequestCode.GET_ALL_TOPIC_CONFIG)
  getAllTopicConfig(): RemotingReply {
    const snapshot = this.broker.topics.snapshot();
    if (snapshot.topicConfigTable.size === 0)
      return reply(ResponseCode.SYSTEM_ERROR, { remark: 'No topic in this broker' });
    return reply(ResponseCode.SUCCESS, { body: encodeTopicConfigSerializeWrapper(snapshot) });
  }
}
