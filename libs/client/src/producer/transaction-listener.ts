/**
 * Transactional messages: the producer sends a half message, runs the local transaction, then
 * commits or rolls back with END_TRANSACTION; the broker asks again later (CHECK_TRANSACTION_STATE)
 * when it never heard. The numbers are MessageSysFlag's transaction types.
 */
import { EndTransactionRequestHeader, MessageSysFlag } from '@rmq/protocol';
import { Message } from '../message/message';
import { MessageExt } from '../message/message-ext';
import { SendResult } from './send-result';

export type LocalTransactionState = 'COMMIT_MESSAGE' | 'ROLLBACK_MESSAGE' | 'UNKNOW';

export interface TransactionListener {
  /** Runs after the half message is stored; its answer commits or rolls it back. */
  executeLocalTransaction(
    msg: Message & { msgId: string; transactionId: string },
    arg: unknown,
  ): Promise<LocalTransactionState> | LocalTransactionState;
  /** The broker asks about a half message whose outcome it never learned. */
  checkLocalTransaction(msg: MessageExt): Promise<LocalTransactionState> | LocalTransactionState;
}

export interface TransactionSendResult extends SendResult {
  localTransactionState: LocalTransactionState;
}

export function commitOrRollbackOf(state: LocalTransactionState): number {
  switch (state) {
    case 'COMMIT_MESSAGE':
      return MessageSysFlag.TRANSACTION_COMMIT_TYPE;
    case 'ROLLBACK_MESSAGE':
      return MessageSysFlag.TRANSACTION_ROLLBACK_TYPE;
    default:
      return MessageSysFlag.TRANSACTION_NOT_TYPE;
  }
}

/** Whatever a listener returns or throws becomes a state; anything unexpected is UNKNOW. */
export async function settleLocalState(
  run: () => Promise<LocalTransactionState> | LocalTransactionState,
): Promise<{ state: LocalTransactionState; error?: unknown }> {
  try {
    const state = await run();
    if (state === 'COMMIT_MESSAGE' || state === 'ROLLBACK_MESSAGE') return { state };
    return { state: 'UNKNOW' };
  } catch (error) {
    return { state: 'UNKNOW', error };
  }
}

export type EndTransactionHeader = EndTransactionRequestHeader;
