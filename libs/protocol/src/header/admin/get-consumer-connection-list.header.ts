/** GET_CONSUMER_CONNECTION_LIST (203): who is connected for a consumer group (body ConsumerConnection). */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const GetConsumerConnectionListRequestHeader = defineHeader('GetConsumerConnectionListRequestHeader', {
  consumerGroup: HeaderField.required('string'),
});
export type GetConsumerConnectionListRequestHeader = HeaderType<
  typeof GetConsumerConnectionListRequestHeader
>;
