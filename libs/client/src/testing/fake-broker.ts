/**
 * A scripted broker for client specs: real TCP on 127.0.0.1, an in-memory FakeMessageStore, and
 * default answers for the codes clients send (send, pull with a bounded long poll, offsets,
 * heartbeat and group membership with NOTIFY_CONSUMER_IDS_CHANGED, send-back, transactions, locks,
 * view). Every request is recorded; any code can be overridden to inject failures. Not a broker:
 * no persistence, no delay levels, no DLQ.
 */
import {
  buildSubscriptionData,
  ConsumerSendMsgBackRequestHeader,
  createRequest,
  createResponse,
  decodeBatchMessages,
  decodeHeartbeatData,
  decodeLockBatchRequestBody,
  decodeSendMessageRequestHeader,
  encodeGetConsumerListByGroupResponseBody,
  encodeLockBatchResponseBody,
  EndTransactionRequestHeader,
  GetConsumerListByGroupRequestHeader,
  GetMaxOffsetRequestHeader,
  HeartbeatData,
  MessageQueue,
  MessageSysFlag,
  mergeBatchProperties,
  NotifyConsumerIdsChangedRequestHeader,
  PullMessageRequestHeader,
  PullSysFlag,
  QueryConsumerOffsetRequestHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
  SearchOffsetRequestHeader,
  SendMessageRequestHeader,
  UnregisterClientRequestHeader,
  UpdateConsumerOffsetRequestHeader,
  ViewMessageRequestHeader,
} from '@rmq/protocol';
import { Channel, RemotingServer, RequestContext } from '@rmq/remoting';
import { FakeMessageStore } from './fake-message-store';
import { LOOPBACK, ScriptedServer } from './scripted-server';

export interface FakeBrokerOptions {
  /** From @rmq/testing's freePort. */
  port: number;
  brokerName?: string;
  /** Longest a pull is held when nothing is new (keeps specs fast); default 200 ms. */
  pullHoldMsMax?: number;
}

export class FakeBroker extends ScriptedServer {
  readonly store: FakeMessageStore;
  /** group@topic@queueId → committed offset. */
  readonly offsets = new Map<string, number>();
  /** group → clientId → channel. */
  readonly consumerGroups = new Map<string, Map<string, Channel>>();
  readonly heartbeats: HeartbeatData[] = [];
  /** topic@queueId → clientId holding the lock. */
  readonly locks = new Map<string, string>();
  private readonly pullHoldMsMax: number;

  private constructor(
    server: RemotingServer,
    port: number,
    readonly brokerName: string,
    options: FakeBrokerOptions,
  ) {
    super(server, port);
    this.store = new FakeMessageStore({ host: LOOPBACK, port });
    this.pullHoldMsMax = options.pullHoldMsMax ?? 200;
  }

  static async start(options: FakeBrokerOptions): Promise<FakeBroker> {
    const port = options.port;
    const server = new RemotingServer({ port, host: LOOPBACK });
    const broker = new FakeBroker(server, port, options.brokerName ?? 'broker-a', options);
    await server.listen();
    return broker;
  }

  /** Sends a broker → client request on every connection of clientId (or all) and returns how many. */
  sendToClients(request: RemotingCommand, clientId?: string): number {
    let sent = 0;
    for (const channel of this.server.channelList()) {
      if (clientId !== undefined && !this.channelsOf(clientId).includes(channel)) continue;
      channel.invokeOneway(request);
      sent += 1;
    }
    return sent;
  }

  override async close(): Promise<void> {
    this.store.wakeAll();
    await super.close();
  }

  private channelsOf(clientId: string): Channel[] {
    const out: Channel[] = [];
    for (const members of this.consumerGroups.values()) {
      const channel = members.get(clientId);
      if (channel !== undefined) out.push(channel);
    }
    return out;
  }

  protected async answer(
    request: RemotingCommand,
    ctx: RequestContext,
  ): Promise<RemotingCommand | undefined> {
    const ok = (init?: Parameters<typeof createResponse>[2]): RemotingCommand =>
      createResponse(request, ResponseCode.SUCCESS, init);
    switch (request.code) {
      case RequestCode.SEND_MESSAGE_V2:
      case RequestCode.SEND_BATCH_MESSAGE:
      case RequestCode.SEND_MESSAGE:
        return this.onSend(request);
      case RequestCode.PULL_MESSAGE:
        return this.onPull(request);
      case RequestCode.QUERY_CONSUMER_OFFSET:
      case RequestCode.UPDATE_CONSUMER_OFFSET:
      case RequestCode.GET_MAX_OFFSET:
      case RequestCode.GET_MIN_OFFSET:
      case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP:
        return this.onOffsetRequest(request);
      case RequestCode.HEART_BEAT:
        this.onHeartbeat(decodeHeartbeatData(request.body ?? Buffer.alloc(0)), ctx.channel);
        return ok();
      case RequestCode.UNREGISTER_CLIENT:
        this.onUnregister(request);
        return ok({ extFields: {} });
      case RequestCode.GET_CONSUMER_LIST_BY_GROUP: {
        const { consumerGroup } = GetConsumerListByGroupRequestHeader.decode(request.extFields);
        const members = [...(this.consumerGroups.get(consumerGroup)?.keys() ?? [])];
        if (members.length === 0)
          return createResponse(request, ResponseCode.SYSTEM_ERROR, {
            remark: `no consumer for this group, ${consumerGroup}`,
          });
        return ok({ body: encodeGetConsumerListByGroupResponseBody({ consumerIdList: members }) });
      }
      case RequestCode.CONSUMER_SEND_MSG_BACK:
        return this.onSendBack(request);
      case RequestCode.END_TRANSACTION:
        EndTransactionRequestHeader.decode(request.extFields);
        return undefined;
      case RequestCode.LOCK_BATCH_MQ:
      case RequestCode.UNLOCK_BATCH_MQ:
        return this.onLock(request);
      case RequestCode.VIEW_MESSAGE_BY_ID: {
        const record = this.store.recordAt(ViewMessageRequestHeader.decode(request.extFields).offset);
        if (record === undefined)
          return createResponse(request, ResponseCode.SYSTEM_ERROR, { remark: 'not found' });
        return ok({ body: record });
      }
      default:
        return createResponse(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, {
          remark: ` request type ${request.code} not supported`,
        });
    }
  }

  private onOffsetRequest(request: RemotingCommand): RemotingCommand {
    const ok = (init?: Parameters<typeof createResponse>[2]): RemotingCommand =>
      createResponse(request, ResponseCode.SUCCESS, init);
    switch (request.code) {
      case RequestCode.QUERY_CONSUMER_OFFSET: {
        const h = QueryConsumerOffsetRequestHeader.decode(request.extFields);
        const offset = this.offsets.get(`${h.consumerGroup}@${h.topic}@${h.queueId}`);
        if (offset === undefined)
          return createResponse(request, ResponseCode.QUERY_NOT_FOUND, { remark: 'Not found' });
        return ok({ extFields: { offset: String(offset) } });
      }
      case RequestCode.UPDATE_CONSUMER_OFFSET: {
        const h = UpdateConsumerOffsetRequestHeader.decode(request.extFields);
        this.offsets.set(`${h.consumerGroup}@${h.topic}@${h.queueId}`, h.commitOffset);
        return ok({ extFields: {} });
      }
      case RequestCode.GET_MAX_OFFSET: {
        const h = GetMaxOffsetRequestHeader.decode(request.extFields);
        return ok({ extFields: { offset: String(this.store.maxOffset(h.topic, h.queueId)) } });
      }
      case RequestCode.GET_MIN_OFFSET:
        return ok({ extFields: { offset: '0' } });
      case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP: {
        const h = SearchOffsetRequestHeader.decode(request.extFields);
        return ok({
          extFields: { offset: String(this.store.searchOffset(h.topic, h.queueId, h.timestamp)) },
        });
      }
      default:
        return createResponse(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    }
  }

  private onSend(request: RemotingCommand): RemotingCommand {
    const h: SendMessageRequestHeader = decodeSendMessageRequestHeader(request.code, request.extFields);
    const queueId = h.queueId < 0 ? 0 : h.queueId;
    const body = request.body ?? Buffer.alloc(0);
    const entries = h.batch
      ? decodeBatchMessages(body).map((e) => ({
          ...e,
          propertiesString: mergeBatchProperties(e.propertiesString, h.properties),
        }))
      : [{ flag: h.flag, body, propertiesString: h.properties ?? '' }];
    const prepared = (h.sysFlag & MessageSysFlag.TRANSACTION_PREPARED_TYPE) !== 0;
    // Like a broker: a retry past maxReconsumeTimes lands in the group's DLQ.
    const exhausted =
      h.topic.startsWith('%RETRY%') &&
      h.maxReconsumeTimes !== undefined &&
      (h.reconsumeTimes ?? 0) >= h.maxReconsumeTimes;
    const topic = prepared
      ? 'RMQ_SYS_TRANS_HALF_TOPIC'
      : exhausted
        ? h.topic.replace('%RETRY%', '%DLQ%')
        : h.topic;
    const results = entries.map((e) =>
      this.store.append({
        topic,
        queueId: prepared ? 0 : queueId,
        body: e.body,
        propertiesString: e.propertiesString,
        sysFlag: h.batch ? 0 : h.sysFlag,
        flag: e.flag,
        reconsumeTimes: h.reconsumeTimes ?? 0,
        bornTimestamp: h.bornTimestamp,
      }),
    );
    const first = results[0];
    return createResponse(request, ResponseCode.SUCCESS, {
      extFields: {
        msgId: results.map((r) => r.offsetMsgId).join(','),
        queueId: String(queueId),
        queueOffset: String(first?.queueOffset ?? 0),
        MSG_REGION: 'DefaultRegion',
        TRACE_ON: 'true',
      },
    });
  }

  private async onPull(request: RemotingCommand): Promise<RemotingCommand> {
    const h = PullMessageRequestHeader.decode(request.extFields);
    const sub =
      (h.sysFlag & PullSysFlag.FLAG_SUBSCRIPTION) !== 0
        ? buildSubscriptionData(h.topic, h.subscription, h.subVersion)
        : undefined;
    if ((h.sysFlag & PullSysFlag.FLAG_COMMIT_OFFSET) !== 0 && h.commitOffset > 0) {
      this.offsets.set(`${h.consumerGroup}@${h.topic}@${h.queueId}`, h.commitOffset);
    }
    let outcome = this.store.pull(h.topic, h.queueId, h.queueOffset, h.maxMsgNums, sub);
    if (outcome.code === ResponseCode.PULL_NOT_FOUND && (h.sysFlag & PullSysFlag.FLAG_SUSPEND) !== 0) {
      await this.store.waitForMessage(
        h.topic,
        h.queueId,
        Math.min(h.suspendTimeoutMillis, this.pullHoldMsMax),
      );
      outcome = this.store.pull(h.topic, h.queueId, h.queueOffset, h.maxMsgNums, sub);
    }
    return createResponse(request, outcome.code, {
      remark: outcome.code === ResponseCode.SUCCESS ? 'FOUND' : 'NO_MATCHED',
      extFields: {
        suggestWhichBrokerId: '0',
        nextBeginOffset: String(outcome.nextBeginOffset),
        minOffset: String(outcome.minOffset),
        maxOffset: String(outcome.maxOffset),
      },
      body: outcome.records.length > 0 ? Buffer.concat(outcome.records) : undefined,
    });
  }

  private onHeartbeat(data: HeartbeatData, channel: Channel): void {
    this.heartbeats.push(data);
    for (const consumer of data.consumerDataSet) {
      const members = this.consumerGroups.get(consumer.groupName) ?? new Map<string, Channel>();
      this.consumerGroups.set(consumer.groupName, members);
      const isNew = !members.has(data.clientID);
      members.set(data.clientID, channel);
      if (isNew) this.notifyGroup(consumer.groupName);
    }
  }

  private onUnregister(request: RemotingCommand): void {
    const h = UnregisterClientRequestHeader.decode(request.extFields);
    if (h.consumerGroup === undefined) return;
    if (this.consumerGroups.get(h.consumerGroup)?.delete(h.clientID) === true)
      this.notifyGroup(h.consumerGroup);
  }

  private notifyGroup(group: string): void {
    const header = NotifyConsumerIdsChangedRequestHeader.encode({ consumerGroup: group });
    for (const channel of this.consumerGroups.get(group)?.values() ?? []) {
      try {
        channel.invokeOneway(createRequest(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, header));
      } catch {
        // a member that already left is no news
      }
    }
  }

  /** Default: accept it if the offset names a stored message (specs read the request log). */
  private onSendBack(request: RemotingCommand): RemotingCommand {
    const h = ConsumerSendMsgBackRequestHeader.decode(request.extFields);
    const record = this.store.recordAt(h.offset);
    if (record === undefined)
      return createResponse(request, ResponseCode.SYSTEM_ERROR, { remark: 'no message at that offset' });
    return createResponse(request, ResponseCode.SUCCESS);
  }

  private onLock(request: RemotingCommand): RemotingCommand {
    const body = decodeLockBatchRequestBody(request.body ?? Buffer.from('{}'));
    const key = (mq: MessageQueue): string => `${mq.topic}@${mq.brokerName}@${mq.queueId}`;
    if (request.code === RequestCode.UNLOCK_BATCH_MQ) {
      for (const mq of body.mqSet) if (this.locks.get(key(mq)) === body.clientId) this.locks.delete(key(mq));
      return createResponse(request, ResponseCode.SUCCESS);
    }
    const lockOKMQSet = body.mqSet.filter((mq) => {
      const owner = this.locks.get(key(mq));
      if (owner !== undefined && owner !== body.clientId) return false;
      this.locks.set(key(mq), body.clientId);
      return true;
    });
    return createResponse(request, ResponseCode.SUCCESS, {
      body: encodeLockBatchResponseBody({ lockOKMQSet }),
    });
  }
}
