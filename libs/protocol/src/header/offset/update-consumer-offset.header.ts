/**
 * UPDATE_CONSUMER_OFFSET (15): commit a group's offset on one queue. The reply carries the empty
 * UpdateConsumerOffsetResponseHeader, which RocketMQ writes as `"extFields":{}`.
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const UpdateConsumerOffsetRequestHeader = defineHeader('UpdateConsumerOffsetRequestHeader', {
  consumerGroup: HeaderField.required('string'),
  topic: HeaderField.required('string'),
  queueId: HeaderField.required('int'),
  commitOffset: HeaderField.required('long'),
});
export type UpdateConsumerOffsetRequestHeader = HeaderType<typeof UpdateConsumerOffsetRequestHeader>;

export const UpdateConsumerOffsetResponseHeader = defineHeader('UpdateConsumerOffsetResponseHeader', {});
export type UpdateConsumerOffsetResponseHeader = HeaderType<typeof UpdateConsumerOffsetResponseHeader>;
