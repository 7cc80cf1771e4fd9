/**
 * Turns messages into what SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE carry: the property string (with
 * UNIQ_KEY), the sysFlag (COMPRESSED for a single body of compressMsgBodyOverHowmuch bytes or more,
 * deflated with zlib; TRANSACTION_PREPARED for half messages) and the V2 header. Built once per
 * send, reused by every retry, so a retried message keeps its UNIQ_KEY.
 */
import { deflateSync } from 'node:zlib';
import {
  encodeBatchMessages,
  encodeMessageProperties,
  MessageConst,
  MessageSysFlag,
  SendMessageRequestHeaderV2,
  UniqueMessageIdGenerator,
} from '@rmq/protocol';
import { MQClientError } from '../errors/mq-client.error';
import { isRetryTopic, Message, messageProperties, validateMessage } from '../message/message';

export interface PreparedSend {
  topic: string;
  body: Buffer;
  sysFlag: number;
  flag: number;
  propertiesString: string;
  /** UNIQ_KEY, or the batch's keys joined by commas. */
  uniqKey: string;
  batch: boolean;
  reconsumeTimes?: number;
  maxReconsumeTimes?: number;
}

export interface BuilderOptions {
  compressMsgBodyOverHowmuch: number;
  maxMessageSize: number;
}

/** Java compresses at level 5 (DefaultMQProducer.compressLevel). */
const ZLIB_LEVEL = 5;

export function prepareSingle(
  msg: Message,
  ids: UniqueMessageIdGenerator,
  options: BuilderOptions,
): PreparedSend {
  validateMessage(msg, options.maxMessageSize);
  const props = messageProperties(msg);
  const uniqKey = props.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX) ?? ids.next();
  props.set(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniqKey);
  let sysFlag = 0;
  let body = msg.body;
  if (body.length >= options.compressMsgBodyOverHowmuch) {
    body = deflateSync(body, { level: ZLIB_LEVEL });
    sysFlag |= MessageSysFlag.COMPRESSED_FLAG;
  }
  if (props.get(MessageConst.PROPERTY_TRANSACTION_PREPARED) === 'true') {
    sysFlag |= MessageSysFlag.TRANSACTION_PREPARED_TYPE;
  }
  const prepared: PreparedSend = {
    topic: msg.topic,
    body,
    sysFlag,
    flag: msg.flag ?? 0,
    propertiesString: '',
    uniqKey,
    batch: false,
  };
  // A resend to a retry topic carries its counters in the header, not as properties.
  if (isRetryTopic(msg.topic)) {
    const times = takeIntProperty(props, MessageConst.PROPERTY_RECONSUME_TIME);
    const max = takeIntProperty(props, MessageConst.PROPERTY_MAX_RECONSUME_TIMES);
    if (times !== undefined) prepared.reconsumeTimes = times;
    if (max !== undefined) prepared.maxReconsumeTimes = max;
  }
  prepared.propertiesString = encodeMessageProperties(props);
  return prepared;
}

function takeIntProperty(props: Map<string, string>, name: string): number | undefined {
  const value = props.get(name);
  if (value === undefined) return undefined;
  props.delete(name);
  const n = Number(value);
  return Number.isInteger(n) ? n : undefined;
}

/** A batch: one topic, no delay, no retry topic; never compressed (as in Java 4.9). */
export function prepareBatch(
  msgs: readonly Message[],
  ids: UniqueMessageIdGenerator,
  options: BuilderOptions,
): PreparedSend {
  const first = msgs[0];
  if (first === undefined) throw new MQClientError('ILLEGAL_ARGUMENT', 'the batch is empty');
  const uniqKeys: string[] = [];
  const entries = msgs.map((msg) => {
    validateMessage(msg, options.maxMessageSize);
    if (msg.topic !== first.topic)
      throw new MQClientError('ILLEGAL_ARGUMENT', 'all messages of a batch must have the same topic');
    if (msg.delayTimeLevel !== undefined && msg.delayTimeLevel > 0) {
      throw new MQClientError('ILLEGAL_ARGUMENT', 'a batch cannot hold delayed messages');
    }
    if (isRetryTopic(msg.topic))
      throw new MQClientError('ILLEGAL_ARGUMENT', 'a batch cannot go to a retry topic');
    const props = messageProperties(msg);
    props.delete(MessageConst.PROPERTY_WAIT_STORE_MSG_OK); // the batch-level header carries WAIT
    const uniqKey = props.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX) ?? ids.next();
    props.set(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniqKey);
    uniqKeys.push(uniqKey);
    return { flag: msg.flag ?? 0, body: msg.body, propertiesString: encodeMessageProperties(props) };
  });
  const body = encodeBatchMessages(entries);
  if (body.length > options.maxMessageSize) {
    throw new MQClientError(
      'ILLEGAL_ARGUMENT',
      `the batch of ${body.length} bytes exceeds maxMessageSize ${options.maxMessageSize}`,
    );
  }
  const wait = first.waitStoreMsgOK === false ? 'false' : 'true';
  return {
    topic: first.topic,
    body,
    sysFlag: 0,
    flag: 0,
    propertiesString: encodeMessageProperties([[MessageConst.PROPERTY_WAIT_STORE_MSG_OK, wait]]),
    uniqKey: uniqKeys.join(','),
    batch: true,
  };
}

export interface HeaderContext {
  producerGroup: string;
  createTopicKey: string;
  defaultTopicQueueNums: number;
  queueId: number;
  brokerName: string;
  bornTimestampMs: number;
}

export function buildSendHeaderV2(prepared: PreparedSend, ctx: HeaderContext): Record<string, string> {
  const header: SendMessageRequestHeaderV2 = {
    a: ctx.producerGroup,
    b: prepared.topic,
    c: ctx.createTopicKey,
    d: ctx.defaultTopicQueueNums,
    e: ctx.queueId,
    f: prepared.sysFlag,
    g: ctx.bornTimestampMs,
    h: prepared.flag,
    i: prepared.propertiesString,
    j: prepared.reconsumeTimes ?? 0,
    k: false,
    m: prepared.batch,
    n: ctx.brokerName,
  };
  if (prepared.maxReconsumeTimes !== undefined) header.l = prepared.maxReconsumeTimes;
  return SendMessageRequestHeaderV2.encode(header);
}
