/**
 * REST admin of the broker on its HTTP port: topics, consumer groups (offsets, lag, connections,
 * reset by time), message lookup by offset msgId or key, and the runtime figures, as plain JSON for
 * people and scripts. Input is checked here (400 with the field named); everything else is the
 * same code the remoting admin codes run.
 */
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  decodeOffsetMessageId,
  MalformedMessageError,
  newSubscriptionGroupConfig,
  newTopicConfig,
  PermName,
} from '@rmq/protocol';
import { BrokerController } from '../broker-controller';
import { BadRequestError, QueryNotFoundError } from '../errors/broker.errors';
import { AdminQueryService } from './admin-query.service';
import { collectRuntimeInfo, runtimeInfoTable } from './broker-runtime-info';
import { GroupAdminService } from './group-admin.service';
import { jsonObject, optionalBoolean, optionalEnum, optionalInt, requiredString } from './http-input';
import { MessageView, toMessageView } from './message-view';
import { RESET_TO_MAX_OFFSET, ResetOffsetService } from './reset-offset.service';
import { TOPIC_QUEUE_NUMS_MAX, TopicAdminService } from './topic-admin.service';

const QUERY_MAX_NUM_DEFAULT = 32;
const QUERY_MAX_NUM_MAX = 64;
const INT32_MAX = 0x7fffffff;

@Controller('api')
export class AdminHttpController {
  private readonly queries: AdminQueryService;
  private readonly topicAdmin: TopicAdminService;
  private readonly groupAdmin: GroupAdminService;
  private readonly resets: ResetOffsetService;

  constructor(private readonly broker: BrokerController) {
    this.queries = new AdminQueryService(broker);
    this.topicAdmin = new TopicAdminService(broker);
    this.groupAdmin = new GroupAdminService(broker);
    this.resets = new ResetOffsetService(broker);
  }

  @Get('topics')
  topics(): object {
    const table = this.broker.topics.snapshot().topicConfigTable;
    return { topics: [...table.values()].sort((a, b) => (a.topicName < b.topicName ? -1 : 1)) };
  }

  @Post('topics')
  async upsertTopic(@Body() body: unknown): Promise<object> {
    const input = jsonObject(body);
    const topic = requiredString(input, 'topic');
    const existing = this.broker.topics.selectTopicConfig(topic);
    const queueNums = optionalInt(input, 'queueNums', 1, TOPIC_QUEUE_NUMS_MAX);
    const defaults =
      existing ??
      newTopicConfig(topic, {
        readQueueNums: queueNums ?? this.broker.config.defaultTopicQueueNums,
        writeQueueNums: queueNums ?? this.broker.config.defaultTopicQueueNums,
      });
    const config = {
      ...defaults,
      readQueueNums:
        optionalInt(input, 'readQueueNums', 1, TOPIC_QUEUE_NUMS_MAX) ?? queueNums ?? defaults.readQueueNums,
      writeQueueNums:
        optionalInt(input, 'writeQueueNums', 1, TOPIC_QUEUE_NUMS_MAX) ?? queueNums ?? defaults.writeQueueNums,
      perm:
        optionalInt(
          input,
          'perm',
          0,
          PermName.PERM_PRIORITY | PermName.PERM_READ | PermName.PERM_WRITE | PermName.PERM_INHERIT,
        ) ?? defaults.perm,
      order: optionalBoolean(input, 'order') ?? defaults.order,
      topicFilterType:
        optionalEnum(input, 'topicFilterType', ['SINGLE_TAG', 'MULTI_TAG'] as const) ??
        defaults.topicFilterType,
    };
    await this.topicAdmin.upsert(config);
    return { created: existing === undefined, topic: config };
  }

  @Delete('topics/:topic')
  async deleteTopic(@Param('topic') topic: string): Promise<object> {
    await this.topicAdmin.delete(topic, true);
    return { deleted: topic };
  }

  @Get('topics/:topic/stats')
  topicStats(@Param('topic') topic: string): object {
    const stats = this.queries.topicStats(topic);
    return {
      topic,
      queues: stats.offsetTable.map(([mq, o]) => ({ queueId: mq.queueId, ...o })),
      putTps: this.broker.stats.topicPut.get(topic)?.tps ?? 0,
      consumedBy: this.queries.topicConsumedBy(topic).sort(),
    };
  }

  @Get('groups')
  groups(): object {
    const table = this.groupAdmin.snapshot().subscriptionGroupTable;
    return { groups: [...table.values()].sort((a, b) => (a.groupName < b.groupName ? -1 : 1)) };
  }

  @Post('groups')
  async upsertGroup(@Body() body: unknown): Promise<object> {
    const input = jsonObject(body);
    const groupName = requiredString(input, 'groupName');
    const existing = this.broker.groups.get(groupName) ?? newSubscriptionGroupConfig(groupName);
    const config = {
      ...existing,
      consumeEnable: optionalBoolean(input, 'consumeEnable') ?? existing.consumeEnable,
      consumeFromMinEnable: optionalBoolean(input, 'consumeFromMinEnable') ?? existing.consumeFromMinEnable,
      consumeBroadcastEnable:
        optionalBoolean(input, 'consumeBroadcastEnable') ?? existing.consumeBroadcastEnable,
      retryQueueNums:
        optionalInt(input, 'retryQueueNums', 0, TOPIC_QUEUE_NUMS_MAX) ?? existing.retryQueueNums,
      retryMaxTimes: optionalInt(input, 'retryMaxTimes', 0, INT32_MAX) ?? existing.retryMaxTimes,
      brokerId: optionalInt(input, 'brokerId', 0, INT32_MAX) ?? existing.brokerId,
      whichBrokerWhenConsumeSlowly:
        optionalInt(input, 'whichBrokerWhenConsumeSlowly', 0, INT32_MAX) ??
        existing.whichBrokerWhenConsumeSlowly,
      notifyConsumerIdsChangedEnable:
        optionalBoolean(input, 'notifyConsumerIdsChangedEnable') ?? existing.notifyConsumerIdsChangedEnable,
    };
    await this.groupAdmin.upsert(config);
    return { group: config };
  }

  @Delete('groups/:group')
  async deleteGroup(
    @Param('group') group: string,
    @Query('removeOffset') removeOffset?: string,
  ): Promise<object> {
    const remove = optionalBoolean({ removeOffset }, 'removeOffset') ?? false;
    await this.groupAdmin.delete(group, remove, true);
    return { deleted: group, offsetsRemoved: remove };
  }

  @Get('groups/:group/offsets')
  groupOffsets(@Param('group') group: string, @Query('topic') topic?: string): object {
    const topics = this.queries.topicsOfGroup(group, topic);
    const queues = topics.flatMap((t) => this.queries.queueOffsets(group, t));
    const totalLag = queues.reduce((sum, q) => sum + q.lag, 0);
    const consumeTps = topics.reduce((sum, t) => sum + this.broker.stats.groupGetTps(group, t), 0);
    return { group, totalLag, consumeTps, queues };
  }

  @Get('groups/:group/connections')
  groupConnections(@Param('group') group: string): object {
    const c = this.queries.consumerConnection(group);
    return { ...c, subscriptionTable: Object.fromEntries(c.subscriptionTable) };
  }

  @Post('groups/:group/reset-offset')
  @HttpCode(200)
  resetOffset(@Param('group') group: string, @Body() body: unknown): object {
    const input = jsonObject(body);
    const topic = requiredString(input, 'topic');
    const timestamp = optionalInt(input, 'timestamp', RESET_TO_MAX_OFFSET, Number.MAX_SAFE_INTEGER);
    if (timestamp === undefined)
      throw new BadRequestError('"timestamp" (ms since the epoch, or -1 for the end) is required');
    const isForce = optionalBoolean(input, 'force') ?? true;
    const outcome = this.resets.resetOffset({ topic, group, timestamp, isForce });
    return {
      group,
      topic,
      timestamp,
      notifiedClients: outcome.notifiedClients,
      offsets: outcome.body.offsetTable.map(([mq, offset]) => ({ queueId: mq.queueId, offset })),
    };
  }

  @Get('messages/:msgId')
  messageById(@Param('msgId') msgId: string): MessageView {
    let commitLogOffset: number;
    try {
      commitLogOffset = decodeOffsetMessageId(msgId).commitLogOffset;
    } catch (err) {
      if (err instanceof MalformedMessageError) throw new BadRequestError(err.message, { msgId });
      throw err;
    }
    const record = this.broker.store.lookMessageByOffset(commitLogOffset);
    if (record === undefined)
      throw new QueryNotFoundError(`no message at commit log offset ${commitLogOffset}`, { msgId });
    return toMessageView(record);
  }

  @Get('messages')
  messagesByKey(@Query() query: Record<string, string | undefined>): object {
    const topic = requiredString(query, 'topic');
    const key = requiredString(query, 'key');
    const maxNum = optionalInt(query, 'maxNum', 1, QUERY_MAX_NUM_MAX) ?? QUERY_MAX_NUM_DEFAULT;
    const begin = optionalInt(query, 'begin', 0, Number.MAX_SAFE_INTEGER) ?? 0;
    const end = optionalInt(query, 'end', 0, Number.MAX_SAFE_INTEGER) ?? Number.MAX_SAFE_INTEGER;
    const result = this.broker.store.queryMessage(topic, key, maxNum, begin, end);
    return { topic, key, messages: result.messages.map(toMessageView) };
  }

  @Get('runtime')
  runtime(): object {
    const info = collectRuntimeInfo(this.broker);
    return { table: Object.fromEntries(runtimeInfoTable(info)), figures: info };
  }
}
