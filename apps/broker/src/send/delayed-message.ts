/**
 * Delayed messages (DELAY property, levels 1..n of messageDelayLevel) are not stored in their topic
 * but parked in SCHEDULE_TOPIC_XXXX queue `level - 1`, with the real destination in REAL_TOPIC /
 * REAL_QID, as RocketMQ's CommitLog does before an append. The schedule service moves them back
 * when their time comes. Prepared and rolled-back transaction records are never parked.
 */
import {
  decodeMessageProperties,
  encodeMessageProperties,
  getTransactionValue,
  MessageConst,
  MessageSysFlag,
  SystemTopic,
} from '@rmq/protocol';
import type { MessageToStore } from '@rmq/store';

/** The DELAY level of a message (0 when absent or not a positive integer). */
export function delayLevelOf(properties: ReadonlyMap<string, string>): number {
  const text = properties.get(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
  if (text === undefined || !/^\d{1,10}$/.test(text)) return 0;
  return Number(text);
}

/** The message to append: itself, or its parked copy when it carries a delay level. */
export function parkIfDelayed(msg: MessageToStore, delayLevelCount: number): MessageToStore {
  const tranType = getTransactionValue(msg.sysFlag);
  if (
    tranType !== MessageSysFlag.TRANSACTION_NOT_TYPE &&
    tranType !== MessageSysFlag.TRANSACTION_COMMIT_TYPE
  ) {
    return msg;
  }
  if (!msg.propertiesString.includes(MessageConst.PROPERTY_DELAY_TIME_LEVEL)) return msg;
  const properties = decodeMessageProperties(msg.propertiesString);
  const requested = delayLevelOf(properties);
  if (requested <= 0) return msg;
  const level = Math.min(requested, delayLevelCount);
  properties.set(MessageConst.PROPERTY_DELAY_TIME_LEVEL, String(level));
  properties.set(MessageConst.PROPERTY_REAL_TOPIC, msg.topic);
  properties.set(MessageConst.PROPERTY_REAL_QUEUE_ID, String(msg.queueId));
  return {
    ...msg,
    topic: SystemTopic.SCHEDULE,
    queueId: level - 1,
    propertiesString: encodeMessageProperties(properties),
  };
}
