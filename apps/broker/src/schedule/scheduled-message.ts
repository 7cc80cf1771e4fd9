/**
 * A parked delayed message and its real self (RocketMQ's ScheduleMessageService.messageTimeup and
 * correctDeliverTimestamp): when a SCHEDULE_TOPIC_XXXX entry is due, and the message to put back
 * into REAL_TOPIC / REAL_QID without the DELAY, REAL_TOPIC and REAL_QID properties, its tagsCode
 * recomputed from TAGS. Everything else (body, flag, sysFlag, hosts, times, reconsumeTimes) is kept.
 */
import {
  decodeMessageProperties,
  decodeStoredMessage,
  DecodedStoredMessage,
  encodeMessageProperties,
  MessageConst,
  tagsCodeOf,
} from '@rmq/protocol';
import type { MessageToStore } from '@rmq/store';

/** A parked record that can never be delivered (no real topic, undecodable): it is skipped. */
export class UndeliverableScheduledMessageError extends Error {
  constructor(
    message: string,
    readonly context: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'UndeliverableScheduledMessageError';
  }
}

/**
 * Is an entry whose consume-queue tagsCode (the delivery time) is `deliverTimestampMs` due at
 * `nowMs`? A delivery time further ahead than the level's whole delay means the clock went back
 * since it was stored; such entries are due at once rather than stuck.
 */
export function isDue(deliverTimestampMs: number, nowMs: number, levelDelayMs: number): boolean {
  return deliverTimestampMs <= nowMs || deliverTimestampMs > nowMs + levelDelayMs;
}

/** The message to put into its real topic for the parked record `record`. */
export function messageTimeUp(record: Buffer): MessageToStore {
  let parked: DecodedStoredMessage;
  try {
    parked = decodeStoredMessage(record);
  } catch (err) {
    throw new UndeliverableScheduledMessageError(`parked record cannot be decoded: ${String(err)}`, {});
  }
  const properties = decodeMessageProperties(parked.propertiesString);
  const realTopic = properties.get(MessageConst.PROPERTY_REAL_TOPIC);
  const realQueueIdText = properties.get(MessageConst.PROPERTY_REAL_QUEUE_ID);
  const context = { physicalOffset: parked.physicalOffset, realTopic, realQueueId: realQueueIdText };
  if (realTopic === undefined || realTopic === '') {
    throw new UndeliverableScheduledMessageError('parked message has no REAL_TOPIC', context);
  }
  if (realQueueIdText === undefined || !/^\d{1,9}$/.test(realQueueIdText)) {
    throw new UndeliverableScheduledMessageError('parked message has no valid REAL_QID', context);
  }
  properties.delete(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
  properties.delete(MessageConst.PROPERTY_REAL_TOPIC);
  properties.delete(MessageConst.PROPERTY_REAL_QUEUE_ID);
  return {
    topic: realTopic,
    queueId: Number(realQueueIdText),
    flag: parked.flag,
    body: parked.body,
    propertiesString: encodeMessageProperties(properties),
    tagsCode: tagsCodeOf(properties.get(MessageConst.PROPERTY_TAGS)),
    sysFlag: parked.sysFlag,
    bornTimestamp: parked.bornTimestamp,
    bornHost: parked.bornHost,
    storeHost: parked.storeHost,
    reconsumeTimes: parked.reconsumeTimes,
    preparedTransactionOffset: parked.preparedTransactionOffset,
  };
}
