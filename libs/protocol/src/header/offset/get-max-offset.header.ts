/** GET_MAX_OFFSET (30): a queue's max offset = the next offset to be written (its entry count). */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const GetMaxOffsetRequestHeader = defineHeader('GetMaxOffsetRequestHeader', {
  topic: HeaderField.required('string'),
  queueId: HeaderField.required('int'),
});
export type GetMaxOffsetRequestHeader = HeaderType<typeof GetMaxOffsetRequestHeader>;

export const GetMaxOffsetResponseHeader = defineHeader('GetMaxOffsetResponseHeader', {
  offset: HeaderField.required('long'),
});
export type GetMaxOffsetResponseHeader = HeaderType<typeof GetMaxOffsetResponseHeader>;
