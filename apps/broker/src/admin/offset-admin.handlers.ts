/**
 * Offset-related admin codes: GET_ALL_CONSUMER_OFFSET and GET_ALL_DELAY_OFFSET (what a slave copies
 * from its master: consumerOffset.json / delayOffset.json contents), GET_SYSTEM_TOPIC_LIST_FROM_BROKER,
 * and INVOKE_BROKER_TO_RESET_OFFSET (mqadmin resetOffsetByTime, the console's reset).
 */
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APP_LOGGER, RemotingHandler, RemotingReply, reply } from '@rmq/nest-kit';
import type { Logger } from '@rmq/observability';
import {
  encodeConsumerOffsetSerializeWrapper,
  encodeDelayOffsetSerializeWrapper,
  encodeResetOffsetBody,
  encodeTopicList,
  RemotingCommand,
  RequestCode,
  ResetOffsetRequestHeader,
  ResponseCode,
} from '@rmq/protocol';
import { DelayOffsetTable, NodeFileSystem } from '@rmq/store';
import { BrokerController } from '../broker-controller';
import { ResetOffsetService } from './reset-offset.service';

@Controller()
export class OffsetAdminHandlers {
  private readonly resets: ResetOffsetService;

  constructor(
    private readonly broker: BrokerController,
    @Inject(APP_LOGGER) log: Logger,
  ) {
    this.resets = new ResetOffsetService(broker, log.child({ component: 'reset-offset' }));
  }

  @RemotingHandler(RequestCode.GET_ALL_CONSUMER_OFFSET)
  getAllConsumerOffset(): RemotingReply {
    return reply(ResponseCode.SUCCESS, {
      body: encodeConsumerOffsetSerializeWrapper(this.broker.offsets.snapshot()),
    });
  }

  /** The persisted delivery progress of delayed messages (config/delayOffset.json). */
  @RemotingHandler(RequestCode.GET_ALL_DELAY_OFFSET)
  getAllDelayOffset(): RemotingReply {
    const table = new DelayOffsetTable({
      fs: new NodeFileSystem(),
      storePathRootDir: this.broker.config.storePathRootDir,
    });
    table.load();
    return reply(ResponseCode.SUCCESS, { body: encodeDelayOffsetSerializeWrapper(table.snapshot()) });
  }

  @RemotingHandler(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER)
  getSystemTopicListFromBroker(): RemotingReply {
    const topicList = this.broker.topics.systemTopics().map((t) => t.topicName);
    return reply(ResponseCode.SUCCESS, { body: encodeTopicList({ topicList }) });
  }

  @RemotingHandler(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET)
  invokeBrokerToResetOffset(@Payload() request: RemotingCommand): RemotingReply {
    const h = ResetOffsetRequestHeader.decode(request.extFields);
    const outcome = this.resets.resetOffset(h);
    return reply(ResponseCode.SUCCESS, { body: encodeResetOffsetBody(outcome.body) });
  }
}
