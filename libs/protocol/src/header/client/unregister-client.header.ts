/**
 * UNREGISTER_CLIENT (35): a client leaving its producer and/or consumer group. The reply carries the
 * empty UnregisterClientResponseHeader (`"extFields":{}`).
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const UnregisterClientRequestHeader = defineHeader('UnregisterClientRequestHeader', {
  clientID: HeaderField.required('string'),
  producerGroup: HeaderField.optional('string'),
  consumerGroup: HeaderField.optional('string'),
});
export type UnregisterClientRequestHeader = HeaderType<typeof UnregisterClientRequestHeader>;

export const UnregisterClientResponseHeader = defineHeader('UnregisterClientResponseHeader', {});
export type UnregisterClientResponseHeader = HeaderType<typeof UnregisterClientResponseHeader>;
