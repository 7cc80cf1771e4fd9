/**
 * CHECK_TRANSACTION_STATE (39): broker → producer, oneway, "what became of this half message?". The
 * body is the stored message; the producer answers with END_TRANSACTION, fromTransactionCheck=true.
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const CheckTransactionStateRequestHeader = defineHeader('CheckTransactionStateRequestHeader', {
  tranStateTableOffset: HeaderField.required('long'),
  commitLogOffset: HeaderField.required('long'),
  /** UNIQ_KEY */
  msgId: HeaderField.optional('string'),
  transactionId: HeaderField.optional('string'),
  offsetMsgId: HeaderField.optional('string'),
});
export type CheckTransactionStateRequestHeader = HeaderType<typeof CheckTransactionStateRequestHeader>;
