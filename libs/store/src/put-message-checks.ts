/**
 * The refusals a store gives before appending, as RocketMQ 4.9.7 decides them
 * (DefaultMessageStore.checkMessage/checkMessages, CommitLog.MessageExtEncoder, asyncPutMessages).
 * Pure functions over MessageToStore, so every MessageStore implementation can answer alike:
 *
 * - topic longer than 127 UTF-8 bytes → MESSAGE_ILLEGAL
 * - properties longer than 32 767 UTF-8 bytes → PROPERTIES_SIZE_EXCEEDED (4.9.7 first checks the
 *   *char* count and answers MESSAGE_ILLEGAL for ASCII strings; both reach the client as code 13)
 * - body longer than maxMessageSize → MESSAGE_ILLEGAL (4.9.7 limits the body, not the record: the
 *   record may exceed maxMessageSize by its headers, topic and properties)
 * - batch: empty, mixed topic/queue, transactional or delayed members → MESSAGE_ILLEGAL; the sum of
 *   the member bodies over maxMessageSize → MESSAGE_ILLEGAL (4.9.7 limits the encoded batch body,
 *   which the broker holds; the members' bodies are a lower bound of it)
 */
import {
  getTransactionValue,
  MessageConst,
  MessageSysFlag,
  PROPERTIES_BYTES_MAX,
  TOPIC_BYTES_MAX,
} from '@rmq/protocol';
import { propertyOf } from './dispatch/property-scan';
import type { MessageToStore, PutMessageResult } from './message-store';

// Hot path: bound once, so each call skips the getters CommonJS emits for `export *`.
const TOPIC_MAX = TOPIC_BYTES_MAX;
const PROPERTIES_MAX = PROPERTIES_BYTES_MAX;

/** RocketMQ's default maxMessageSize: 4 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

function refuse(status: PutMessageResult['status'], remark: string): PutMessageResult {
  return { status, remark };
}

/** Why one message cannot be stored, or undefined if it can. */
export function checkPutMessage(msg: MessageToStore, maxMessageBytes: number): PutMessageResult | undefined {
  const topicBytes = Buffer.byteLength(msg.topic, 'utf8');
  const propertiesBytes = Buffer.byteLength(msg.propertiesString, 'utf8');
  return checkSizedPutMessage(msg, topicBytes, propertiesBytes, maxMessageBytes);
}

/** checkPutMessage for a caller that already has the UTF-8 lengths of topic and properties. */
export function checkSizedPutMessage(
  msg: MessageToStore,
  topicBytes: number,
  propertiesBytes: number,
  maxMessageBytes: number,
): PutMessageResult | undefined {
  if (topicBytes > TOPIC_MAX) {
    return refuse('MESSAGE_ILLEGAL', `topic of ${topicBytes} bytes is longer than ${TOPIC_MAX}`);
  }
  if (propertiesBytes > PROPERTIES_MAX) {
    return refuse(
      'PROPERTIES_SIZE_EXCEEDED',
      `properties of ${propertiesBytes} bytes are longer than ${PROPERTIES_MAX}`,
    );
  }
  if (msg.body.length > maxMessageBytes) {
    return refuse(
      'MESSAGE_ILLEGAL',
      `body of ${msg.body.length} bytes exceeds maxMessageSize ${maxMessageBytes}`,
    );
  }
  return undefined;
}

/** Why a batch cannot be stored, or undefined if it can. */
export function checkPutMessages(
  msgs: readonly MessageToStore[],
  maxMessageBytes: number,
): PutMessageResult | undefined {
  const first = msgs[0];
  if (first === undefined) return refuse('MESSAGE_ILLEGAL', 'empty batch');
  let bodyBytes = 0;
  for (const msg of msgs) {
    if (msg.topic !== first.topic || msg.queueId !== first.queueId) {
      return refuse('MESSAGE_ILLEGAL', 'a batch must go to one topic and queue');
    }
    if (getTransactionValue(msg.sysFlag) !== MessageSysFlag.TRANSACTION_NOT_TYPE) {
      return refuse('MESSAGE_ILLEGAL', 'a batch cannot be transactional');
    }
    if (delayLevelOf(msg) > 0) return refuse('MESSAGE_ILLEGAL', 'a batch cannot be delayed');
    const single = checkPutMessage(msg, maxMessageBytes);
    if (single !== undefined) return single;
    bodyBytes += msg.body.length;
  }
  if (bodyBytes > maxMessageBytes) {
    return refuse(
      'MESSAGE_ILLEGAL',
      `batch bodies of ${bodyBytes} bytes exceed maxMessageSize ${maxMessageBytes}`,
    );
  }
  return undefined;
}

function delayLevelOf(msg: MessageToStore): number {
  const delay = propertyOf(msg.propertiesString, MessageConst.PROPERTY_DELAY_TIME_LEVEL);
  const level = delay === undefined ? 0 : Number.parseInt(delay, 10);
  return Number.isNaN(level) ? 0 : level;
}

/** The index keys of a stored message: `topic#UNIQ_KEY`, then `topic#k` per KEYS word (IndexService). */
export function indexKeysOf(topic: string, properties: ReadonlyMap<string, string>): string[] {
  const keys: string[] = [];
  const uniq = properties.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
  if (uniq !== undefined) keys.push(`${topic}#${uniq}`);
  const words = properties.get(MessageConst.PROPERTY_KEYS);
  if (words !== undefined) {
    for (const word of words.split(MessageConst.KEY_SEPARATOR))
      if (word.length > 0) keys.push(`${topic}#${word}`);
  }
  return keys;
}
