/**
 * Broker-wide admin codes (mqadmin brokerStatus / getBrokerConfig / updateBrokerConfig, the
 * console's dashboard): GET_BROKER_RUNTIME_INFO (a KVTable), GET_BROKER_CONFIG and
 * UPDATE_BROKER_CONFIG (properties text bodies; see broker-config.service.ts for what may change).
 */
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RemotingHandler, RemotingReply, reply } from '@rmq/nest-kit';
import {
  encodeDataVersion,
  encodeKVTable,
  GetBrokerConfigResponseHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
} from '@rmq/protocol';
import { BrokerController } from '../broker-controller';
import { BadRequestError } from '../errors/broker.errors';
import { BrokerConfigService } from './broker-config.service';
import { collectRuntimeInfo, runtimeInfoTable } from './broker-runtime-info';

@Controller()
export class BrokerRuntimeHandlers {
  constructor(
    private readonly broker: BrokerController,
    private readonly configs: BrokerConfigService,
  ) {}

  @RemotingHandler(RequestCode.GET_BROKER_RUNTIME_INFO)
  getBrokerRuntimeInfo(): RemotingReply {
    const table = runtimeInfoTable(collectRuntimeInfo(this.broker));
    return reply(ResponseCode.SUCCESS, { body: encodeKVTable({ table }) });
  }

  @RemotingHandler(RequestCode.GET_BROKER_CONFIG)
  getBrokerConfig(): RemotingReply {
    const version = encodeDataVersion(this.configs.dataVersion).toString('utf8');
    return reply(ResponseCode.SUCCESS, {
      extFields: GetBrokerConfigResponseHeader.encode({ version }),
      body: Buffer.from(this.configs.configText(), 'utf8'),
    });
  }

  @RemotingHandler(RequestCode.UPDATE_BROKER_CONFIG)
  async updateBrokerConfig(@Payload() request: RemotingCommand): Promise<RemotingReply> {
    if (request.body === undefined || request.body.length === 0)
      throw new BadRequestError('UPDATE_BROKER_CONFIG without a properties body');
    await this.configs.update(request.body.toString('utf8'));
    return reply(ResponseCode.SUCCESS);
  }
}
