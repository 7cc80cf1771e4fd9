/**
 * GET_CONSUMER_LIST_BY_GROUP (38): client ids of a consumer group. The reply carries the empty
 * GetConsumerListByGroupResponseHeader and a GetConsumerListByGroupResponseBody.
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const GetConsumerListByGroupRequestHeader = defineHeader('GetConsumerListByGroupRequestHeader', {
  consumerGroup: HeaderField.required('string'),
});
export type GetConsumerListByGroupRequestHeader = HeaderType<typeof GetConsumerListByGroupRequestHeader>;

export const GetConsumerListByGroupResponseHeader = defineHeader('GetConsumerListByGroupResponseHeader', {});
export type GetConsumerListByGroupResponseHeader = HeaderType<typeof GetConsumerListByGroupResponseHeader>;
