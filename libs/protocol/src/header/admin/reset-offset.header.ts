/**
 * ResetOffsetRequestHeader: INVOKE_BROKER_TO_RESET_OFFSET (222, admin → broker) and
 * RESET_CONSUMER_CLIENT_OFFSET (220, broker → each online consumer, with a ResetOffsetBody).
 * `timestamp` is ms since the epoch, or -1 for "the queue's max offset".
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const ResetOffsetRequestHeader = defineHeader('ResetOffsetRequestHeader', {
  topic: HeaderField.required('string'),
  group: HeaderField.required('string'),
  timestamp: HeaderField.required('long'),
  isForce: HeaderField.withDefault('boolean', false),
});
export type ResetOffsetRequestHeader = HeaderType<typeof ResetOffsetRequestHeader>;
