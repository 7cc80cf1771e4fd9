/**
 * Where a message handed back by a consumer goes (RocketMQ's SendMessageProcessor
 * asyncConsumerSendMsgBack), as pure functions: the retry-or-DLQ decision with its delay level, and
 * the properties of the copy that is stored. The decision compares the consumed message's own
 * reconsumeTimes (before the increment) with the budget, so a budget of N allows N redeliveries.
 */
import {
  decodeMessageProperties,
  DecodedStoredMessage,
  dlqTopicOf,
  effectiveMessageId,
  encodeMessageProperties,
  MessageConst,
  retryTopicOf,
} from '@rmq/protocol';

/** Request version from which the header's maxReconsumeTimes is honoured (V3_4_9). */
export const MAX_RECONSUME_TIMES_HEADER_VERSION = 121;
/** A DLQ has one queue per group (MixAll's DLQ_NUMS_PER_GROUP). */
export const DLQ_QUEUE_NUMS = 1;
/** delayLevel 0 means "the broker picks": level 3 + reconsumeTimes (10 s, 30 s, 1 m, ...). */
const BROKER_CHOSEN_LEVEL_BASE = 3;

export interface SendBackInput {
  group: string;
  /** The header's delayLevel: 0 = broker picks, < 0 = straight to the DLQ, > 0 = that level. */
  delayLevel: number;
  /** reconsumeTimes of the consumed message as stored (before this failure is counted). */
  reconsumeTimes: number;
  maxReconsumeTimes: number;
  retryQueueNums: number;
  /** [0, 1), for the retry queue. */
  random: () => number;
}

export type SendBackDecision =
  | { kind: 'DLQ'; topic: string; queueId: number }
  | { kind: 'RETRY'; topic: string; queueId: number; delayLevel: number };

/** The retry budget: the header's when the client is new enough to send one, else the group's. */
export function maxReconsumeTimesOf(
  groupRetryMaxTimes: number,
  requestVersion: number,
  headerMaxReconsumeTimes: number | undefined,
): number {
  if (requestVersion >= MAX_RECONSUME_TIMES_HEADER_VERSION && headerMaxReconsumeTimes !== undefined) {
    return headerMaxReconsumeTimes;
  }
  return groupRetryMaxTimes;
}

export function decideSendBack(input: SendBackInput): SendBackDecision {
  if (input.reconsumeTimes >= input.maxReconsumeTimes || input.delayLevel < 0) {
    return { kind: 'DLQ', topic: dlqTopicOf(input.group), queueId: 0 };
  }
  const queueNums = Math.max(1, input.retryQueueNums);
  const queueId = Math.min(queueNums - 1, Math.floor(input.random() * queueNums));
  const delayLevel =
    input.delayLevel === 0 ? BROKER_CHOSEN_LEVEL_BASE + input.reconsumeTimes : input.delayLevel;
  return { kind: 'RETRY', topic: retryTopicOf(input.group), queueId, delayLevel };
}

/**
 * The property string of the copy: RETRY_TOPIC keeps the first topic the message was consumed
 * from, ORIGIN_MESSAGE_ID the first id (existing property, else the client's originMsgId, else the
 * id consumers saw: UNIQ_KEY or the offset msgId); DELAY is the retry's level (none for the DLQ).
 */
export function sendBackProperties(
  consumed: DecodedStoredMessage,
  decision: SendBackDecision,
  headerOriginMsgId: string | undefined,
): string {
  const properties = decodeMessageProperties(consumed.propertiesString);
  if (!properties.has(MessageConst.PROPERTY_RETRY_TOPIC)) {
    properties.set(MessageConst.PROPERTY_RETRY_TOPIC, consumed.topic);
  }
  const existingOrigin = properties.get(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID);
  if (existingOrigin === undefined || existingOrigin.trim() === '') {
    const fromHeader = headerOriginMsgId?.trim() ? headerOriginMsgId : undefined;
    properties.set(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID, fromHeader ?? effectiveMessageId(consumed));
  }
  properties.delete(MessageConst.PROPERTY_WAIT_STORE_MSG_OK);
  properties.delete(MessageConst.PROPERTY_REAL_TOPIC);
  properties.delete(MessageConst.PROPERTY_REAL_QUEUE_ID);
  if (decision.kind === 'RETRY') {
    properties.set(MessageConst.PROPERTY_DELAY_TIME_LEVEL, String(decision.delayLevel));
  } else {
    properties.delete(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
  }
  return encodeMessageProperties(properties);
}
