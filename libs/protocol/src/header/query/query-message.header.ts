/**
 * QUERY_MESSAGE (12): look messages up in the index by key (or UNIQ_KEY). The body of the reply is
 * concatenated stored records; nothing found is QUERY_NOT_FOUND (22).
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const QueryMessageRequestHeader = defineHeader('QueryMessageRequestHeader', {
  topic: HeaderField.required('string'),
  key: HeaderField.required('string'),
  maxNum: HeaderField.required('int'),
  /** ms since the epoch. */
  beginTimestamp: HeaderField.required('long'),
  /** ms since the epoch. */
  endTimestamp: HeaderField.required('long'),
  /**
   * Not a field of the Java class: an extra extFields entry (MixAll.UNIQUE_MSG_QUERY_FLAG). "true"
   * means `key` is a UNIQ_KEY and maxNum becomes the broker's defaultQueryMaxNum.
   */
  _UNIQUE_KEY_QUERY: HeaderField.optional('boolean'),
});
export type QueryMessageRequestHeader = HeaderType<typeof QueryMessageRequestHeader>;

export const QueryMessageResponseHeader = defineHeader('QueryMessageResponseHeader', {
  /** ms since the epoch. */
  indexLastUpdateTimestamp: HeaderField.required('long'),
  indexLastUpdatePhyoffset: HeaderField.required('long'),
});
export type QueryMessageResponseHeader = HeaderType<typeof QueryMessageResponseHeader>;
