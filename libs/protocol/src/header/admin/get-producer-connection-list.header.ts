/** GET_PRODUCER_CONNECTION_LIST (204): who is connected for a producer group (body ProducerConnection). */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const GetProducerConnectionListRequestHeader = defineHeader('GetProducerConnectionListRequestHeader', {
  producerGroup: HeaderField.required('string'),
});
export type GetProducerConnectionListRequestHeader = HeaderType<
  typeof GetProducerConnectionListRequestHeader
>;
