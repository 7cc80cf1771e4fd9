/**
 * CONSUMER_SEND_MSG_BACK (36): a consumer hands a message back for retry (or DLQ). `offset` is the
 * message's commitlog (physical) offset, not its queue offset. The reply is a bare SUCCESS.
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const ConsumerSendMsgBackRequestHeader = defineHeader('ConsumerSendMsgBackRequestHeader', {
  offset: HeaderField.required('long'),
  group: HeaderField.required('string'),
  /** 0 = broker picks 3 + reconsumeTimes; < 0 = straight to the DLQ. */
  delayLevel: HeaderField.required('int'),
  originMsgId: HeaderField.optional('string'),
  originTopic: HeaderField.optional('string'),
  unitMode: HeaderField.withDefault('boolean', false),
  maxReconsumeTimes: HeaderField.optional('int'),
});
export type ConsumerSendMsgBackRequestHeader = HeaderType<typeof ConsumerSendMsgBackRequestHeader>;
