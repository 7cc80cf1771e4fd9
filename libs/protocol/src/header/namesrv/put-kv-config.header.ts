/** PUT_KV_CONFIG (100): store one namespaced key/value on the namesrv. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const PutKVConfigRequestHeader = defineHeader('PutKVConfigRequestHeader', {
  namespace: HeaderField.required('string'),
  key: HeaderField.required('string'),
  value: HeaderField.required('string'),
});
export type PutKVConfigRequestHeader = HeaderType<typeof PutKVConfigRequestHeader>;
