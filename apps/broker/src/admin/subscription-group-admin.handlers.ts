/**
 * Consumer-group administration (the group part of RocketMQ's AdminBrokerProcessor), as mqadmin
 * updateSubGroup / deleteSubGroup and the console use it: create or update a group's config, list
 * them all, delete one (and, with removeOffset, its committed offsets).
 */
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RemotingHandler, RemotingReply, reply } from '@rmq/nest-kit';
import {
  decodeSubscriptionGroupConfig,
  DeleteSubscriptionGroupRequestHeader,
  encodeSubscriptionGroupWrapper,
  RemotingCommand,
  RequestCode,
  ResponseCode,
} from '@rmq/protocol';
import { BrokerController } from '../broker-controller';
import { BadRequestError } from '../errors/broker.errors';
import { GroupAdminService } from './group-admin.service';

@Controller()
export class SubscriptionGroupAdminHandlers {
  private readonly groups: GroupAdminService;

  constructor(broker: BrokerController) {
    this.groups = new GroupAdminService(broker);
  }

  @RemotingHandler(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
  async updateAndCreateSubscriptionGroup(@Payload() request: RemotingCommand): Promise<RemotingReply> {
    if (request.body === undefined || request.body.length === 0)
      throw new BadRequestError('UPDATE_AND_CREATE_SUBSCRIPTIONGROUP without a SubscriptionGroupConfig body');
    await this.groups.upsert(decodeSubscriptionGroupConfig(request.body));
    return reply(ResponseCode.SUCCESS);
  }

  @RemotingHandler(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG)
  getAllSubscriptionGroupConfig(): RemotingReply {
    return reply(ResponseCode.SUCCESS, { body: encodeSubscriptionGroupWrapper(this.groups.snapshot()) });
  }

  @RemotingHandler(RequestCode.DELETE_SUBSCRIPTIONGROUP)
  async deleteSubscriptionGroup(@Payload() request: RemotingCommand): Promise<RemotingReply> {
    const h = DeleteSubscriptionGroupRequestHeader.decode(request.extFields);
    await this.groups.delete(h.groupName, h.removeOffset);
    return reply(ResponseCode.SUCCESS);
  }
}
