/**
 * END_TRANSACTION (37): a producer commits or rolls back a half message. `commitOrRollback` must be
 * one of MessageSysFlag's transaction types 0 (not/unknown), 8 (commit) or 12 (rollback).
 */
import { MessageSysFlag } from '../../message/message-sys-flag';
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

const TRANSACTION_TYPES: readonly number[] = [
  MessageSysFlag.TRANSACTION_NOT_TYPE,
  MessageSysFlag.TRANSACTION_COMMIT_TYPE,
  MessageSysFlag.TRANSACTION_ROLLBACK_TYPE,
];

export const EndTransactionRequestHeader = defineHeader(
  'EndTransactionRequestHeader',
  {
    producerGroup: HeaderField.required('string'),
    /** Queue offset from the send result. */
    tranStateTableOffset: HeaderField.required('long'),
    /** Commitlog offset from the offset msgId. */
    commitLogOffset: HeaderField.required('long'),
    commitOrRollback: HeaderField.required('int'),
    fromTransactionCheck: HeaderField.withDefault('boolean', false),
    /** UNIQ_KEY of the half message. */
    msgId: HeaderField.required('string'),
    transactionId: HeaderField.optional('string'),
    bname: HeaderField.optional('string'),
  },
  (header, fail) => {
    if (!TRANSACTION_TYPES.includes(header.commitOrRollback)) fail('commitOrRollback', 'is not 0, 8 or 12');
  },
);
export type EndTransactionRequestHeader = HeaderType<typeof EndTransactionRequestHeader>;
