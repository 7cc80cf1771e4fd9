/**
 * QUERY_CONSUMER_OFFSET (14): the committed offset of a group on one queue. Nothing stored may be
 * answered with QUERY_NOT_FOUND (22) and an empty response header (protocol.md §2.3 Offsets).
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const QueryConsumerOffsetRequestHeader = defineHeader('QueryConsumerOffsetRequestHeader', {
  consumerGroup: HeaderField.required('string'),
  topic: HeaderField.required('string'),
  queueId: HeaderField.required('int'),
});
export type QueryConsumerOffsetRequestHeader = HeaderType<typeof QueryConsumerOffsetRequestHeader>;

export const QueryConsumerOffsetResponseHeader = defineHeader('QueryConsumerOffsetResponseHeader', {
  offset: HeaderField.required('long'),
});
export type QueryConsumerOffsetResponseHeader = HeaderType<typeof QueryConsumerOffsetResponseHeader>;
