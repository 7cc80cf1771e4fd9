/**
 * SEND_MESSAGE (10): SendMessageRequestHeader, and SendMessageResponseHeader, the reply to every
 * send code (10, 310, 320). protocol.md §2.3 Producer send.
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const SendMessageRequestHeader = defineHeader('SendMessageRequestHeader', {
  producerGroup: HeaderField.required('string'),
  topic: HeaderField.required('string'),
  /** The producer's createTopicKey, normally TBW102. */
  defaultTopic: HeaderField.required('string'),
  defaultTopicQueueNums: HeaderField.required('int'),
  /** < 0 lets the broker pick a writable queue. */
  queueId: HeaderField.required('int'),
  /** MessageSysFlag bits. */
  sysFlag: HeaderField.required('int'),
  /** ms since the epoch. */
  bornTimestamp: HeaderField.required('long'),
  /** The user's int flag. */
  flag: HeaderField.required('int'),
  /** Property string (protocol.md §3.2). */
  properties: HeaderField.optional('string'),
  reconsumeTimes: HeaderField.optional('int'),
  unitMode: HeaderField.withDefault('boolean', false),
  batch: HeaderField.withDefault('boolean', false),
  maxReconsumeTimes: HeaderField.optional('int'),
  /** 4.9.x RpcRequestHeader broker name; ignored by servers. */
  bname: HeaderField.optional('string'),
});
export type SendMessageRequestHeader = HeaderType<typeof SendMessageRequestHeader>;

export const SendMessageResponseHeader = defineHeader('SendMessageResponseHeader', {
  /** Offset msgId (§3.4); for a batch, the ids joined by commas. */
  msgId: HeaderField.required('string'),
  queueId: HeaderField.required('int'),
  /** Consume-queue offset of the (first) message. */
  queueOffset: HeaderField.required('long'),
  transactionId: HeaderField.optional('string'),
  /** Not fields of the Java class: the broker adds them to every send reply's extFields. */
  MSG_REGION: HeaderField.optional('string'),
  TRACE_ON: HeaderField.optional('string'),
});
export type SendMessageResponseHeader = HeaderType<typeof SendMessageResponseHeader>;
