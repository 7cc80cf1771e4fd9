/** GET_KVLIST_BY_NAMESPACE (219): every key of a namespace; the reply body is a KVTable. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const GetKVListByNamespaceRequestHeader = defineHeader('GetKVListByNamespaceRequestHeader', {
  namespace: HeaderField.required('string'),
});
export type GetKVListByNamespaceRequestHeader = HeaderType<typeof GetKVListByNamespaceRequestHeader>;
