/**
 * Typed calls the producer and consumers make (Java's MQClientAPIImpl, the parts they need): one
 * method per request code, headers and bodies through @rmq/protocol's codecs. Failures are
 * MQBrokerError (an answer with a bad code) or a network error from @rmq/remoting.
 */
import {
  ConsumerSendMsgBackRequestHeader,
  createRequest,
  decodeGetConsumerListByGroupResponseBody,
  decodeLockBatchResponseBody,
  decodeTopicRouteData,
  encodeHeartbeatData,
  encodeLockBatchRequestBody,
  EndTransactionRequestHeader,
  GetConsumerListByGroupRequestHeader,
  GetEarliestMsgStoretimeRequestHeader,
  GetEarliestMsgStoretimeResponseHeader,
  GetMaxOffsetRequestHeader,
  GetMaxOffsetResponseHeader,
  GetMinOffsetRequestHeader,
  GetMinOffsetResponseHeader,
  GetRouteInfoRequestHeader,
  HeartbeatData,
  LockBatchRequestBody,
  MessageQueue,
  QueryConsumerOffsetRequestHeader,
  QueryConsumerOffsetResponseHeader,
  RequestCode,
  ResponseCode,
  SearchOffsetRequestHeader,
  SearchOffsetResponseHeader,
  TopicRouteData,
  UnregisterClientRequestHeader,
  UpdateConsumerOffsetRequestHeader,
} from '@rmq/protocol';
import { ClientRemoting, expectCode } from './client-remoting';

export class MQClientAPI {
  constructor(
    readonly remoting: ClientRemoting,
    private readonly timeoutMs: number,
  ) {}

  /** The route, or undefined when the NameServer has none (TOPIC_NOT_EXIST). */
  async getTopicRouteInfo(topic: string): Promise<TopicRouteData | undefined> {
    // acceptStandardJsonOnly asks 4.9.4+ NameServers for quoted keys; the parser takes both forms.
    const header = GetRouteInfoRequestHeader.encode({ topic, acceptStandardJsonOnly: true });
    const response = await this.remoting.invokeNamesrv(
      createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, header),
      this.timeoutMs,
    );
    if (response.code === ResponseCode.TOPIC_NOT_EXIST) return undefined;
    expectCode(response, this.remoting.currentNamesrvAddr, RequestCode.GET_ROUTEINFO_BY_TOPIC);
    return decodeTopicRouteData(response.body ?? Buffer.alloc(0));
  }

  async sendHeartbeat(addr: string, data: HeartbeatData): Promise<void> {
    const request = createRequest(RequestCode.HEART_BEAT, undefined, encodeHeartbeatData(data));
    await this.remoting.invokeExpect(addr, request, this.timeoutMs);
  }

  async unregisterClient(
    addr: string,
    clientID: string,
    groups: { producerGroup?: string; consumerGroup?: string },
  ): Promise<void> {
    const header = UnregisterClientRequestHeader.encode({ clientID, ...groups });
    await this.remoting.invokeExpect(
      addr,
      createRequest(RequestCode.UNREGISTER_CLIENT, header),
      this.timeoutMs,
    );
  }

  async getConsumerIdListByGroup(addr: string, consumerGroup: string): Promise<string[]> {
    const header = GetConsumerListByGroupRequestHeader.encode({ consumerGroup });
    const request = createRequest(RequestCode.GET_CONSUMER_LIST_BY_GROUP, header);
    const response = await this.remoting.invokeExpect(addr, request, this.timeoutMs);
    return decodeGetConsumerListByGroupResponseBody(response.body ?? Buffer.from('{}')).consumerIdList;
  }

  /** The committed offset, or -1 when the broker has none (QUERY_NOT_FOUND). */
  async queryConsumerOffset(addr: string, consumerGroup: string, mq: MessageQueue): Promise<number> {
    const header = QueryConsumerOffsetRequestHeader.encode({
      consumerGroup,
      topic: mq.topic,
      queueId: mq.queueId,
    });
    const request = createRequest(RequestCode.QUERY_CONSUMER_OFFSET, header);
    const response = await this.remoting.invokeExpect(
      addr,
      request,
      this.timeoutMs,
      ResponseCode.SUCCESS,
      ResponseCode.QUERY_NOT_FOUND,
    );
    if (response.code === ResponseCode.QUERY_NOT_FOUND) return -1;
    return QueryConsumerOffsetResponseHeader.decode(response.extFields).offset;
  }

  /** Sent oneway, as Java does; the broker does not answer. */
  async updateConsumerOffsetOneway(
    addr: string,
    consumerGroup: string,
    mq: MessageQueue,
    commitOffset: number,
  ): Promise<void> {
    const header = UpdateConsumerOffsetRequestHeader.encode({
      consumerGroup,
      topic: mq.topic,
      queueId: mq.queueId,
      commitOffset,
    });
    await this.remoting.invokeOneway(addr, createRequest(RequestCode.UPDATE_CONSUMER_OFFSET, header));
  }

  async getMaxOffset(addr: string, mq: MessageQueue): Promise<number> {
    const header = GetMaxOffsetRequestHeader.encode({ topic: mq.topic, queueId: mq.queueId });
    const response = await this.remoting.invokeExpect(
      addr,
      createRequest(RequestCode.GET_MAX_OFFSET, header),
      this.timeoutMs,
    );
    return GetMaxOffsetResponseHeader.decode(response.extFields).offset;
  }

  async getMinOffset(addr: string, mq: MessageQueue): Promise<number> {
    const header = GetMinOffsetRequestHeader.encode({ topic: mq.topic, queueId: mq.queueId });
    const response = await this.remoting.invokeExpect(
      addr,
      createRequest(RequestCode.GET_MIN_OFFSET, header),
      this.timeoutMs,
    );
    return GetMinOffsetResponseHeader.decode(response.extFields).offset;
  }

  async searchOffset(addr: string, mq: MessageQueue, timestampMs: number): Promise<number> {
    const header = SearchOffsetRequestHeader.encode({
      topic: mq.topic,
      queueId: mq.queueId,
      timestamp: timestampMs,
    });
    const request = createRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, header);
    const response = await this.remoting.invokeExpect(addr, request, this.timeoutMs);
    return SearchOffsetResponseHeader.decode(response.extFields).offset;
  }

  async getEarliestMsgStoretime(addr: string, mq: MessageQueue): Promise<number> {
    const header = GetEarliestMsgStoretimeRequestHeader.encode({ topic: mq.topic, queueId: mq.queueId });
    const request = createRequest(RequestCode.GET_EARLIEST_MSG_STORETIME, header);
    const response = await this.remoting.invokeExpect(addr, request, this.timeoutMs);
    return GetEarliestMsgStoretimeResponseHeader.decode(response.extFields).timestamp;
  }

  async consumerSendMessageBack(
    addr: string,
    header: ConsumerSendMsgBackRequestHeader,
    timeoutMs: number,
  ): Promise<void> {
    const request = createRequest(
      RequestCode.CONSUMER_SEND_MSG_BACK,
      ConsumerSendMsgBackRequestHeader.encode(header),
    );
    await this.remoting.invokeExpect(addr, request, timeoutMs);
  }

  async lockBatchMQ(addr: string, body: LockBatchRequestBody): Promise<MessageQueue[]> {
    const request = createRequest(RequestCode.LOCK_BATCH_MQ, undefined, encodeLockBatchRequestBody(body));
    const response = await this.remoting.invokeExpect(addr, request, this.timeoutMs);
    return decodeLockBatchResponseBody(response.body ?? Buffer.from('{}')).lockOKMQSet;
  }

  async unlockBatchMQ(addr: string, body: LockBatchRequestBody): Promise<void> {
    const request = createRequest(RequestCode.UNLOCK_BATCH_MQ, undefined, encodeLockBatchRequestBody(body));
    await this.remoting.invokeExpect(addr, request, this.timeoutMs);
  }

  /** END_TRANSACTION is oneway in Java: the broker's answer would add nothing the check cannot. */
  async endTransactionOneway(
    addr: string,
    header: EndTransactionRequestHeader,
    remark?: string,
  ): Promise<void> {
    const request = createRequest(RequestCode.END_TRANSACTION, EndTransactionRequestHeader.encode(header));
    if (remark !== undefined) request.remark = remark;
    await this.remoting.invokeOneway(addr, request);
  }
}
