/**
 * SEARCH_OFFSET_BY_TIMESTAMP (29): SearchOffsetRequestHeader / SearchOffsetResponseHeader, the queue
 * offset of the first message stored at or after a time (ms).
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const SearchOffsetRequestHeader = defineHeader('SearchOffsetRequestHeader', {
  topic: HeaderField.required('string'),
  queueId: HeaderField.required('int'),
  /** ms since the epoch. */
  timestamp: HeaderField.required('long'),
});
export type SearchOffsetRequestHeader = HeaderType<typeof SearchOffsetRequestHeader>;

export const SearchOffsetResponseHeader = defineHeader('SearchOffsetResponseHeader', {
  offset: HeaderField.required('long'),
});
export type SearchOffsetResponseHeader = HeaderType<typeof SearchOffsetResponseHeader>;
