/**
 * MessageQueue (topic, brokerName, queueId): the key of TopicStatsTable, ConsumeStats and
 * ResetOffsetBody maps, and the element of lock bodies. Its Java hashCode and compareTo are
 * reproduced so MessageQueue-keyed maps come out in the order a Java broker writes them.
 */
import { javaStringHashCode } from '../../util/java-hash';
import { FastJsonBean, JavaKeyType, objectKeyType } from '../../json/java-collections';
import { expectObject, integerField, JsonPath, stringField, bodyError } from '../../json/json-body-reader';
import { LenientJsonValue, parseLenientJson } from '../../json/lenient-json.parser';
import { MalformedJsonError } from '../../errors/malformed-json.error';

export interface MessageQueue {
  topic: string;
  brokerName: string;
  queueId: number;
}

/** MessageQueue.hashCode(): 31-based over brokerName, queueId, topic. */
export function messageQueueHashCode(mq: MessageQueue): number {
  let result = 1;
  result = (Math.imul(31, result) + javaStringHashCode(mq.brokerName)) | 0;
  result = (Math.imul(31, result) + mq.queueId) | 0;
  result = (Math.imul(31, result) + javaStringHashCode(mq.topic)) | 0;
  return result;
}

/** MessageQueue.compareTo(): topic, then brokerName, then queueId. */
export function compareMessageQueues(a: MessageQueue, b: MessageQueue): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  if (a.brokerName !== b.brokerName) return a.brokerName < b.brokerName ? -1 : 1;
  return a.queueId - b.queueId;
}

export function messageQueueToJson(mq: MessageQueue): FastJsonBean {
  return { brokerName: mq.brokerName, queueId: mq.queueId, topic: mq.topic };
}

export function messageQueueFromJson(value: LenientJsonValue | undefined, at: JsonPath): MessageQueue {
  const obj = expectObject(value, at);
  return {
    topic: stringField(obj, 'topic', at),
    brokerName: stringField(obj, 'brokerName', at),
    queueId: integerField(obj, 'queueId', at, 0),
  };
}

/**
 * A MessageQueue map key as the lenient parser hands it over: the JSON text of the key object
 * (fastjson writes it as an object; a string holding the same JSON is accepted too).
 */
export function messageQueueFromKey(keyText: string, at: JsonPath): MessageQueue {
  let parsed: LenientJsonValue;
  try {
    parsed = parseLenientJson(keyText);
  } catch (err) {
    if (err instanceof MalformedJsonError)
      throw bodyError(at, `has a key that is not a MessageQueue: ${keyText}`);
    throw err;
  }
  return messageQueueFromJson(parsed, at);
}

export const MESSAGE_QUEUE_KEY: JavaKeyType<MessageQueue> = objectKeyType(
  messageQueueHashCode,
  compareMessageQueues,
  messageQueueToJson,
);
