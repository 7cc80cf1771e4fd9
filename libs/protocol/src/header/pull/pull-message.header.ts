/**
 * PULL_MESSAGE (11): PullMessageRequestHeader / PullMessageResponseHeader (protocol.md §2.3 Pull).
 * The response remark carries the store status name; the body is concatenated stored records.
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const PullMessageRequestHeader = defineHeader('PullMessageRequestHeader', {
  consumerGroup: HeaderField.required('string'),
  topic: HeaderField.required('string'),
  queueId: HeaderField.required('int'),
  /** Logical consume-queue offset to read from. */
  queueOffset: HeaderField.required('long'),
  maxMsgNums: HeaderField.required('int'),
  /** PullSysFlag bits. */
  sysFlag: HeaderField.required('int'),
  /** Consumer offset to commit when sysFlag has COMMIT_OFFSET; 0 if none. */
  commitOffset: HeaderField.required('long'),
  /** Long-poll hold in ms. */
  suspendTimeoutMillis: HeaderField.required('long'),
  /** Filter expression, e.g. `*` or `TagA || TagB`. */
  subscription: HeaderField.optional('string'),
  /** Subscription version (client time in ms). */
  subVersion: HeaderField.required('long'),
  /** `TAG` (default) or `SQL92`. */
  expressionType: HeaderField.optional('string'),
  bname: HeaderField.optional('string'),
});
export type PullMessageRequestHeader = HeaderType<typeof PullMessageRequestHeader>;

export const PullMessageResponseHeader = defineHeader('PullMessageResponseHeader', {
  suggestWhichBrokerId: HeaderField.required('long'),
  nextBeginOffset: HeaderField.required('long'),
  minOffset: HeaderField.required('long'),
  maxOffset: HeaderField.required('long'),
});
export type PullMessageResponseHeader = HeaderType<typeof PullMessageResponseHeader>;
