/** GET_EARLIEST_MSG_STORETIME (32): store time (ms) of the oldest message still in a queue. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const GetEarliestMsgStoretimeRequestHeader = defineHeader('GetEarliestMsgStoretimeRequestHeader', {
  topic: HeaderField.required('string'),
  queueId: HeaderField.required('int'),
});
export type GetEarliestMsgStoretimeRequestHeader = HeaderType<typeof GetEarliestMsgStoretimeRequestHeader>;

export const GetEarliestMsgStoretimeResponseHeader = defineHeader('GetEarliestMsgStoretimeResponseHeader', {
  /** ms since the epoch. */
  timestamp: HeaderField.required('long'),
});
export type GetEarliestMsgStoretimeResponseHeader = HeaderType<typeof GetEarliestMsgStoretimeResponseHeader>;
