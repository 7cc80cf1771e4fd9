/**
 * How a store read becomes a pull answer (RocketMQ's PullMessageProcessor status table,
 * protocol.md §2.3 Pull): the response code per GetMessageStatus, and the response header.
 */
import { ResponseCode } from '@rmq/protocol';
import type { GetMessageResult, GetMessageStatus } from '@rmq/store';

export interface PullOutcome {
  code: number;
  /** The store status name, as RocketMQ puts it in the remark. */
  remark: string;
  suggestWhichBrokerId: number;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  /** Concatenated stored records (SUCCESS only). */
  body?: Buffer;
  messageCount: number;
}

export function pullResponseCode(status: GetMessageStatus, requestOffset: number): number {
  switch (status) {
    case 'FOUND':
      return ResponseCode.SUCCESS;
    case 'MESSAGE_WAS_REMOVING':
    case 'NO_MATCHED_MESSAGE':
      return ResponseCode.PULL_RETRY_IMMEDIATELY;
    case 'NO_MATCHED_LOGIC_QUEUE':
    case 'NO_MESSAGE_IN_QUEUE':
      return requestOffset !== 0 ? ResponseCode.PULL_OFFSET_MOVED : ResponseCode.PULL_NOT_FOUND;
    case 'OFFSET_FOUND_NULL':
    case 'OFFSET_OVERFLOW_ONE':
      return ResponseCode.PULL_NOT_FOUND;
    case 'OFFSET_OVERFLOW_BADLY':
    case 'OFFSET_TOO_SMALL':
      return ResponseCode.PULL_OFFSET_MOVED;
  }
}

export function toPullOutcome(
  result: GetMessageResult,
  requestOffset: number,
  suggestWhichBrokerId: number,
): PullOutcome {
  const code = pullResponseCode(result.status, requestOffset);
  const outcome: PullOutcome = {
    code,
    remark: result.status,
    suggestWhichBrokerId,
    nextBeginOffset: result.nextBeginOffset,
    minOffset: result.minOffset,
    maxOffset: result.maxOffset,
    messageCount: code === ResponseCode.SUCCESS ? result.messages.length : 0,
  };
  if (code === ResponseCode.SUCCESS) outcome.body = Buffer.concat(result.messages);
  return outcome;
}
