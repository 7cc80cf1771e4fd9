/**
 * Message: what a producer sends. Properties the client manages itself (TAGS, KEYS, DELAY, WAIT,
 * UNIQ_KEY) come from the typed fields; `properties` carries the user's own. `validateMessage`
 * applies Java's Validators before anything is sent, with errors that say what is wrong.
 */
import {
  DLQ_GROUP_TOPIC_PREFIX,
  isRetryTopic,
  MessageConst,
  RETRY_GROUP_TOPIC_PREFIX,
  retryTopicOf,
  SystemTopic,
  TOPIC_NAME_CHARS_MAX,
  TOPIC_NAME_PATTERN,
  topicNameProblem,
} from '@rmq/protocol';
import { MQClientError } from '../errors/mq-client.error';

export interface Message {
  topic: string;
  body: Buffer;
  tags?: string;
  /** Business keys (indexed by the broker); a string may hold several separated by spaces. */
  keys?: string | string[];
  /** User properties. Names RocketMQ reserves (TAGS, KEYS, UNIQ_KEY, ...) are set from the fields. */
  properties?: Record<string, string>;
  /** 1..18: deliver after the broker's delay level (1s 5s 10s 30s 1m ...). */
  delayTimeLevel?: number;
  /** The user's int flag, stored as is. */
  flag?: number;
  /** Wait for store/flush/replication before answering (default true, property WAIT). */
  waitStoreMsgOK?: boolean;
}

// RocketMQ's reserved names and topic rule live in @rmq/protocol (shared with the broker); these
// re-exports keep the client's own API complete.
export {
  DLQ_GROUP_TOPIC_PREFIX,
  isRetryTopic,
  RETRY_GROUP_TOPIC_PREFIX,
  retryTopicOf,
  TOPIC_NAME_CHARS_MAX,
  TOPIC_NAME_PATTERN,
};
export const AUTO_CREATE_TOPIC_KEY_TOPIC = SystemTopic.AUTO_CREATE_TOPIC_KEY;
export const CLIENT_INNER_PRODUCER_GROUP = 'CLIENT_INNER_PRODUCER';
/** Where the delay schedule starts for a retry: level 3 (10 s), then one level per attempt. */
export const RETRY_DELAY_LEVEL_BASE = 3;

export function validateTopic(topic: string): void {
  const problem = typeof topic === 'string' ? topicNameProblem(topic) : 'the specified topic is blank';
  if (problem !== undefined) throw new MQClientError('ILLEGAL_ARGUMENT', problem);
}

export function validateGroup(group: string, what: string): void {
  if (typeof group !== 'string' || group.trim() === '') {
    throw new MQClientError('ILLEGAL_ARGUMENT', `${what} is blank`);
  }
  if (group.length > 255 || !TOPIC_NAME_PATTERN.test(group)) {
    throw new MQClientError('ILLEGAL_ARGUMENT', `${what} "${group}" is not a valid group name`);
  }
}

/** Checks a message before send: topic, body present and within maxMessageSizeBytes. */
export function validateMessage(msg: Message, maxMessageSizeBytes: number): void {
  if (msg === null || typeof msg !== 'object')
    throw new MQClientError('ILLEGAL_ARGUMENT', 'the message is null');
  validateTopic(msg.topic);
  if (msg.topic === AUTO_CREATE_TOPIC_KEY_TOPIC) {
    throw new MQClientError('ILLEGAL_ARGUMENT', `the topic ${msg.topic} is reserved for topic auto-creation`);
  }
  if (!Buffer.isBuffer(msg.body))
    throw new MQClientError('ILLEGAL_ARGUMENT', 'the message body is not a Buffer');
  if (msg.body.length === 0) throw new MQClientError('ILLEGAL_ARGUMENT', 'the message body is empty');
  if (msg.body.length > maxMessageSizeBytes) {
    throw new MQClientError(
      'ILLEGAL_ARGUMENT',
      `the message body of ${msg.body.length} bytes exceeds maxMessageSize ${maxMessageSizeBytes}`,
    );
  }
  const level = msg.delayTimeLevel;
  if (level !== undefined && (!Number.isInteger(level) || level < 0)) {
    throw new MQClientError(
      'ILLEGAL_ARGUMENT',
      `delayTimeLevel must be a non-negative integer, got ${level}`,
    );
  }
}

/** The property map a message is sent with (insertion order), UNIQ_KEY excluded. */
export function messageProperties(msg: Message): Map<string, string> {
  const props = new Map<string, string>(Object.entries(msg.properties ?? {}));
  if (msg.tags !== undefined && msg.tags !== '') props.set(MessageConst.PROPERTY_TAGS, msg.tags);
  const keys = Array.isArray(msg.keys) ? msg.keys.join(MessageConst.KEY_SEPARATOR) : msg.keys;
  if (keys !== undefined && keys !== '') props.set(MessageConst.PROPERTY_KEYS, keys);
  if (msg.delayTimeLevel !== undefined && msg.delayTimeLevel > 0) {
    props.set(MessageConst.PROPERTY_DELAY_TIME_LEVEL, String(msg.delayTimeLevel));
  }
  props.set(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, msg.waitStoreMsgOK === false ? 'false' : 'true');
  return props;
}
