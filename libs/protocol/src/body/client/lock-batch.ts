/**
 * LOCK_BATCH_MQ (41) / UNLOCK_BATCH_MQ (42) bodies for orderly consumption:
 *
 *   request:       {"clientId":..,"consumerGroup":..,"mqSet":[MessageQueue,...]}
 *   lock response: {"lockOKMQSet":[MessageQueue,...]}
 *
 * The sets are HashSet<MessageQueue>, written in MessageQueue hash order.
 */
import { JavaSet } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import { mapArray, parseJsonBody, rootPath, stringField } from '../../json/json-body-reader';
import { MESSAGE_QUEUE_KEY, MessageQueue, messageQueueFromJson } from '../common/message-queue';

/** LockBatchRequestBody; UnlockBatchRequestBody has the same shape. */
export interface LockBatchRequestBody {
  consumerGroup: string;
  clientId: string;
  mqSet: MessageQueue[];
}
export type UnlockBatchRequestBody = LockBatchRequestBody;

export interface LockBatchResponseBody {
  lockOKMQSet: MessageQueue[];
}

export function encodeLockBatchRequestBody(body: LockBatchRequestBody): Buffer {
  return writeFastJsonBuffer({
    clientId: body.clientId,
    consumerGroup: body.consumerGroup,
    mqSet: new JavaSet(MESSAGE_QUEUE_KEY, body.mqSet),
  });
}

export function decodeLockBatchRequestBody(body: Buffer | string): LockBatchRequestBody {
  const at = rootPath('LockBatchRequestBody');
  const obj = parseJsonBody(body, at.body);
  return {
    consumerGroup: stringField(obj, 'consumerGroup', at),
    clientId: stringField(obj, 'clientId', at),
    mqSet: mapArray(obj, 'mqSet', at, messageQueueFromJson),
  };
}

export function encodeLockBatchResponseBody(body: LockBatchResponseBody): Buffer {
  return writeFastJsonBuffer({ lockOKMQSet: new JavaSet(MESSAGE_QUEUE_KEY, body.lockOKMQSet) });
}

export function decodeLockBatchResponseBody(body: Buffer | string): LockBatchResponseBody {
  const at = rootPath('LockBatchResponseBody');
  return { lockOKMQSet: mapArray(parseJsonBody(body, at.body), 'lockOKMQSet', at, messageQueueFromJson) };
}
