/**
 * Process-test support: the few remoting calls tests make to brokers and NameServers, typed, over
 * @rmq/remoting and the @rmq/protocol codecs (no client library in between, so a test sees exactly
 * the codes and headers the broker answers). Every call has a timeout; nothing retries.
 */
import {
  buildPullSysFlag,
  ClusterInfo,
  createRequest,
  CreateTopicRequestHeader,
  decodeClusterInfo,
  decodeStoredMessages,
  decodeTopicRouteData,
  DecodedStoredMessage,
  decodeMessageProperties,
  encodeMessageProperties,
  GetMaxOffsetRequestHeader,
  GetMaxOffsetResponseHeader,
  GetRouteInfoRequestHeader,
  MessageConst,
  PermName,
  PullMessageRequestHeader,
  PullMessageResponseHeader,
  QueryConsumerOffsetRequestHeader,
  QueryConsumerOffsetResponseHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
  SendMessageRequestHeaderV2,
  SendMessageResponseHeader,
  sendMessageHeaderV1ToV2,
  TopicRouteData,
  UpdateConsumerOffsetRequestHeader,
} from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';

export const REQUEST_TIMEOUT_MS = 10_000;

/** UPDATE_AND_CREATE_TOPIC (17) on one broker: read/write queues, perm RW, SINGLE_TAG. */
export async function createTopic(
  client: RemotingClient,
  brokerAddr: string,
  topic: string,
  queueNums: number,
): Promise<void> {
  const header = CreateTopicRequestHeader.encode({
    topic,
    defaultTopic: 'TBW102',
    readQueueNums: queueNums,
    writeQueueNums: queueNums,
    perm: PermName.PERM_READ | PermName.PERM_WRITE,
    topicFilterType: 'SINGLE_TAG',
    order: false,
  });
  const response = await client.invoke(
    brokerAddr,
    createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC, header),
    REQUEST_TIMEOUT_MS,
  );
  expectCode(response, ResponseCode.SUCCESS, `create topic ${topic} on ${brokerAddr}`);
}

export interface SendV2Options {
  topic: string;
  queueId: number;
  body: Buffer;
  keys?: string;
  tags?: string;
  producerGroup?: string;
  /** Extra message properties. */
  properties?: Record<string, string>;
}

/** A SEND_MESSAGE_V2 (310) request, as a RocketMQ 4.x producer writes it. */
export function sendMessageV2Request(options: SendV2Options): RemotingCommand {
  const properties = new Map<string, string>();
  if (options.keys !== undefined) properties.set(MessageConst.PROPERTY_KEYS, options.keys);
  if (options.tags !== undefined) properties.set(MessageConst.PROPERTY_TAGS, options.tags);
  properties.set(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, 'true');
  for (const [name, value] of Object.entries(options.properties ?? {})) properties.set(name, value);
  const v2 = sendMessageHeaderV1ToV2({
    producerGroup: options.producerGroup ?? 'test-producer',
    topic: options.topic,
    defaultTopic: 'TBW102',
    defaultTopicQueueNums: 4,
    queueId: options.queueId,
    sysFlag: 0,
    bornTimestamp: Date.now(),
    flag: 0,
    properties: encodeMessageProperties(properties),
    reconsumeTimes: 0,
    unitMode: false,
    batch: false,
  });
  return createRequest(RequestCode.SEND_MESSAGE_V2, SendMessageRequestHeaderV2.encode(v2), options.body);
}

export interface SendResult {
  code: number;
  remark?: string;
  /** Present when the broker stored the message. */
  header?: SendMessageResponseHeader;
}

/** Sends one message with SEND_MESSAGE_V2 and returns the broker's answer (refusals included). */
export async function sendMessageV2(
  client: RemotingClient,
  brokerAddr: string,
  options: SendV2Options,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<SendResult> {
  const response = await client.invoke(brokerAddr, sendMessageV2Request(options), timeoutMs);
  const result: SendResult = { code: response.code };
  if (response.remark !== undefined) result.remark = response.remark;
  if (response.code === ResponseCode.SUCCESS) {
    result.header = SendMessageResponseHeader.decode(response.extFields);
  }
  return result;
}

export interface PullOptions {
  consumerGroup: string;
  topic: string;
  queueId: number;
  queueOffset: number;
  maxMsgNums?: number;
  /** Tag expression; `*` by default. */
  subscription?: string;
  /** >0 makes it a long poll held up to this long. */
  suspendTimeoutMillis?: number;
}

/** A PULL_MESSAGE (11) request carrying its own subscription (no heartbeat needed). */
export function pullMessageRequest(options: PullOptions): RemotingCommand {
  const suspendMs = options.suspendTimeoutMillis ?? 0;
  const header = PullMessageRequestHeader.encode({
    consumerGroup: options.consumerGroup,
    topic: options.topic,
    queueId: options.queueId,
    queueOffset: options.queueOffset,
    maxMsgNums: options.maxMsgNums ?? 32,
    sysFlag: buildPullSysFlag({ subscription: true, suspend: suspendMs > 0 }),
    commitOffset: 0,
    suspendTimeoutMillis: suspendMs,
    subscription: options.subscription ?? '*',
    subVersion: Date.now(),
    expressionType: 'TAG',
  });
  return createRequest(RequestCode.PULL_MESSAGE, header);
}

export interface PullResult {
  code: number;
  remark?: string;
  header?: PullMessageResponseHeader;
  messages: DecodedStoredMessage[];
}

export async function pullMessage(
  client: RemotingClient,
  brokerAddr: string,
  options: PullOptions,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<PullResult> {
  const response = await client.invoke(brokerAddr, pullMessageRequest(options), timeoutMs);
  const result: PullResult = { code: response.code, messages: [] };
  if (response.remark !== undefined) result.remark = response.remark;
  if (response.extFields?.['nextBeginOffset'] !== undefined) {
    result.header = PullMessageResponseHeader.decode(response.extFields);
  }
  if (response.code === ResponseCode.SUCCESS && response.body !== undefined) {
    result.messages = decodeStoredMessages(response.body);
  }
  return result;
}

/** Every message of one queue from `fromOffset` on, pulled page by page (at most pagesMax pages). */
export async function pullWholeQueue(
  client: RemotingClient,
  brokerAddr: string,
  options: Omit<PullOptions, 'queueOffset' | 'suspendTimeoutMillis'> & { fromOffset?: number },
  pagesMax = 10_000,
): Promise<DecodedStoredMessage[]> {
  const all: DecodedStoredMessage[] = [];
  let offset = options.fromOffset ?? 0;
  for (let page = 0; page < pagesMax; page += 1) {
    const result = await pullMessage(client, brokerAddr, { ...options, queueOffset: offset, maxMsgNums: 32 });
    if (result.code !== ResponseCode.SUCCESS) return all;
    all.push(...result.messages);
    const next = result.header?.nextBeginOffset ?? offset;
    if (next <= offset) throw new Error(`pull at ${offset} did not move forward (next ${next})`);
    offset = next;
  }
  throw new Error(`queue ${options.topic}:${options.queueId} has more than ${pagesMax} pages`);
}

export async function updateConsumerOffset(
  client: RemotingClient,
  brokerAddr: string,
  target: { consumerGroup: string; topic: string; queueId: number; commitOffset: number },
): Promise<void> {
  const header = UpdateConsumerOffsetRequestHeader.encode(target);
  const response = await client.invoke(
    brokerAddr,
    createRequest(RequestCode.UPDATE_CONSUMER_OFFSET, header),
    REQUEST_TIMEOUT_MS,
  );
  expectCode(response, ResponseCode.SUCCESS, `update offset of ${target.consumerGroup}`);
}

/** QUERY_CONSUMER_OFFSET (14): the committed offset, or undefined when the broker answers 22. */
export async function queryConsumerOffset(
  client: RemotingClient,
  brokerAddr: string,
  target: { consumerGroup: string; topic: string; queueId: number },
): Promise<number | undefined> {
  const header = QueryConsumerOffsetRequestHeader.encode(target);
  const response = await client.invoke(
    brokerAddr,
    createRequest(RequestCode.QUERY_CONSUMER_OFFSET, header),
    REQUEST_TIMEOUT_MS,
  );
  if (response.code === ResponseCode.QUERY_NOT_FOUND) return undefined;
  expectCode(response, ResponseCode.SUCCESS, `query offset of ${target.consumerGroup}`);
  return QueryConsumerOffsetResponseHeader.decode(response.extFields).offset;
}

/** GET_MAX_OFFSET (30): the next queue offset of one queue (its message count when nothing was deleted). */
export async function getMaxOffset(
  client: RemotingClient,
  brokerAddr: string,
  topic: string,
  queueId: number,
): Promise<number> {
  const header = GetMaxOffsetRequestHeader.encode({ topic, queueId });
  const response = await client.invoke(
    brokerAddr,
    createRequest(RequestCode.GET_MAX_OFFSET, header),
    REQUEST_TIMEOUT_MS,
  );
  expectCode(response, ResponseCode.SUCCESS, `max offset of ${topic}:${queueId}`);
  return GetMaxOffsetResponseHeader.decode(response.extFields).offset;
}

/** GET_BROKER_CLUSTER_INFO (106) from a NameServer. */
export async function getClusterInfo(client: RemotingClient, namesrvAddr: string): Promise<ClusterInfo> {
  const response = await client.invoke(
    namesrvAddr,
    createRequest(RequestCode.GET_BROKER_CLUSTER_INFO),
    REQUEST_TIMEOUT_MS,
  );
  expectCode(response, ResponseCode.SUCCESS, 'get cluster info');
  return decodeClusterInfo(response.body ?? Buffer.from('{}'));
}

/** GET_ROUTEINFO_BY_TOPIC (105); undefined while the NameServer has no route (code 17). */
export async function getRoute(
  client: RemotingClient,
  namesrvAddr: string,
  topic: string,
): Promise<TopicRouteData | undefined> {
  const header = GetRouteInfoRequestHeader.encode({ topic });
  const response = await client.invoke(
    namesrvAddr,
    createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, header),
    REQUEST_TIMEOUT_MS,
  );
  if (response.code === ResponseCode.TOPIC_NOT_EXIST) return undefined;
  expectCode(response, ResponseCode.SUCCESS, `route of ${topic}`);
  return decodeTopicRouteData(response.body ?? Buffer.alloc(0));
}

/** The message property map of a stored message (KEYS, TAGS, ...). */
export function propertiesOf(msg: DecodedStoredMessage): Map<string, string> {
  return decodeMessageProperties(msg.propertiesString);
}

function expectCode(response: RemotingCommand, code: number, what: string): void {
  if (response.code !== code) {
    throw new Error(`${what}: expected code ${code}, got ${response.code} (${response.remark ?? ''})`);
  }
}
