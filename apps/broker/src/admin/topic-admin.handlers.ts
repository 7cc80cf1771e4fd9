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
  RemotingCommand,
  RequestCode,
  ResponseCode,
  TopicFilterType,
} from '@rmq/protocol';
import { BrokerController } from '../broker-controller';
import { TopicAdminService } from './topic-admin.service';

@Controller()
export class TopicAdminHandlers {
  private readonly topicAdmin: TopicAdminService;

  constructor(private readonly broker: BrokerController) {
    this.topicAdmin = new TopicAdminService(broker);
  }

  @RemotingHandler(RequestCode.UPDATE_AND_CREATE_TOPIC)
  async updateAndCreateTopic(@Payload() request: RemotingCommand): Promise<RemotingReply> {
    const h = CreateTopicRequestHeader.decode(request.extFields);
    await this.topicAdmin.upsert({
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
    await this.topicAdmin.delete(topic);
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
