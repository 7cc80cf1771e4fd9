/** GET_MIN_OFFSET (31): a queue's min offset (the oldest entry still present). */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const GetMinOffsetRequestHeader = defineHeader('GetMinOffsetRequestHeader', {
  topic: HeaderField.required('string'),
  queueId: HeaderField.required('int'),
});
export type GetMinOffsetRequestHeader = HeaderType<typeof GetMinOffsetRequestHeader>;

export const GetMinOffsetResponseHeader = defineHeader('GetMinOffsetResponseHeader', {
  offset: HeaderField.required('long'),
});
export type GetMinOffsetResponseHeader = HeaderType<typeof GetMinOffsetResponseHeader>;
