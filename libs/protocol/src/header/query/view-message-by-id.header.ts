/** VIEW_MESSAGE_BY_ID (33): ViewMessageRequestHeader; the reply body is one stored record. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const ViewMessageRequestHeader = defineHeader('ViewMessageRequestHeader', {
  /** Commitlog (physical) offset, as decoded from an offset msgId. */
  offset: HeaderField.required('long'),
});
export type ViewMessageRequestHeader = HeaderType<typeof ViewMessageRequestHeader>;
