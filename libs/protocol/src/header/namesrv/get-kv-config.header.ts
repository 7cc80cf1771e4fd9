/** GET_KV_CONFIG (101): read one namespaced key; the value travels in the response header. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const GetKVConfigRequestHeader = defineHeader('GetKVConfigRequestHeader', {
  namespace: HeaderField.required('string'),
  key: HeaderField.required('string'),
});
export type GetKVConfigRequestHeader = HeaderType<typeof GetKVConfigRequestHeader>;

export const GetKVConfigResponseHeader = defineHeader('GetKVConfigResponseHeader', {
  value: HeaderField.optional('string'),
});
export type GetKVConfigResponseHeader = HeaderType<typeof GetKVConfigResponseHeader>;
