/**
 * ResetOffsetBody (INVOKE_BROKER_TO_RESET_OFFSET reply, RESET_CONSUMER_CLIENT_OFFSET request): the
 * new offset per MessageQueue, a HashMap<MessageQueue, Long> written with object keys:
 *
 *   {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:12,...}}
 */
import { JavaMap } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import { childPath, expectInteger, objectField, parseJsonBody, rootPath } from '../../json/json-body-reader';
import { MESSAGE_QUEUE_KEY, MessageQueue, messageQueueFromKey } from '../common/message-queue';

export interface ResetOffsetBody {
  /** [queue, offset] pairs in insertion order. */
  offsetTable: Array<[MessageQueue, number]>;
}

export function encodeResetOffsetBody(body: ResetOffsetBody): Buffer {
  return writeFastJsonBuffer({ offsetTable: new JavaMap(MESSAGE_QUEUE_KEY, body.offsetTable) });
}

export function decodeResetOffsetBody(body: Buffer | string): ResetOffsetBody {
  const at = rootPath('ResetOffsetBody');
  const tableAt = childPath(at, 'offsetTable');
  const table = objectField(parseJsonBody(body, at.body), 'offsetTable', at);
  return {
    offsetTable: [...table].map(([key, value]) => [
      messageQueueFromKey(key, tableAt),
      expectInteger(value, childPath(tableAt, key)),
    ]),
  };
}
