/**
 * Refusals of END_TRANSACTION (RocketMQ's EndTransactionProcessor): a slave never ends transactions
 * (SLAVE_NOT_AVAILABLE), and a request that does not name a live half message of its producer
 * group is a SYSTEM_ERROR with RocketMQ's remark.
 */
import { ResponseCode, RmqError } from '@rmq/protocol';

export class EndTransactionOnSlaveError extends RmqError {
  constructor() {
    super(
      'SLAVE_NOT_AVAILABLE',
      ResponseCode.SLAVE_NOT_AVAILABLE,
      'message store is slave mode, so end transaction is forbidden',
      { retriable: true },
    );
  }
}

export type HalfMessageMismatch =
  | 'Find prepared transaction message failed'
  | 'The message is not a half message'
  | 'The producer group wrong'
  | 'The transaction state table offset wrong'
  | 'The commit log offset wrong';

export class HalfMessageMismatchError extends RmqError {
  constructor(remark: HalfMessageMismatch, context: Record<string, unknown>) {
    super('HALF_MESSAGE_MISMATCH', ResponseCode.SYSTEM_ERROR, remark, { context });
  }
}
