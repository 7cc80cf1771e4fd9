/** DELETE_KV_CONFIG (102): remove one namespaced key from the namesrv. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const DeleteKVConfigRequestHeader = defineHeader('DeleteKVConfigRequestHeader', {
  namespace: HeaderField.required('string'),
  key: HeaderField.required('string'),
});
export type DeleteKVConfigRequestHeader = HeaderType<typeof DeleteKVConfigRequestHeader>;
