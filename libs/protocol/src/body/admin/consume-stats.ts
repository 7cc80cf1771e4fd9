/**
 * ConsumeStats (GET_CONSUME_STATS reply): a group's offsets per MessageQueue plus its consume TPS
 * (a Java double, so `0.0`):
 *
 *   {"consumeTps":0.0,"offsetTable":{{"brokerName":..,"queueId":0,"topic":..}:{"brokerOffset":5,
 *    "consumerOffset":3,"lastTimestamp":ms}}}
 */
import { JavaDouble, JavaMap } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import {
  childPath,
  expectObject,
  integerField,
  JsonPath,
  numberField,
  objectField,
  parseJsonBody,
  rootPath,
} from '../../json/json-body-reader';
import { LenientJsonValue } from '../../json/lenient-json.parser';
import { MESSAGE_QUEUE_KEY, MessageQueue, messageQueueFromKey } from '../common/message-queue';

export interface OffsetWrapper {
  /** The queue's max offset on the broker. */
  brokerOffset: number;
  /** The group's committed offset. */
  consumerOffset: number;
  /** Store time (ms) of the last consumed message; 0 if unknown. */
  lastTimestamp: number;
}

export interface ConsumeStats {
  consumeTps: number;
  offsetTable: Array<[MessageQueue, OffsetWrapper]>;
}

function offsetWrapperFromJson(value: LenientJsonValue | undefined, at: JsonPath): OffsetWrapper {
  const obj = expectObject(value, at);
  return {
    brokerOffset: integerField(obj, 'brokerOffset', at, 0),
    consumerOffset: integerField(obj, 'consumerOffset', at, 0),
    lastTimestamp: integerField(obj, 'lastTimestamp', at, 0),
  };
}

export function encodeConsumeStats(stats: ConsumeStats): Buffer {
  const entries = stats.offsetTable.map(
    ([mq, o]) =>
      [
        mq,
        { brokerOffset: o.brokerOffset, consumerOffset: o.consumerOffset, lastTimestamp: o.lastTimestamp },
      ] as const,
  );
  return writeFastJsonBuffer({
    consumeTps: new JavaDouble(stats.consumeTps),
    offsetTable: new JavaMap(MESSAGE_QUEUE_KEY, entries),
  });
}

export function decodeConsumeStats(body: Buffer | string): ConsumeStats {
  const at = rootPath('ConsumeStats');
  const tableAt = childPath(at, 'offsetTable');
  const obj = parseJsonBody(body, at.body);
  return {
    consumeTps: numberField(obj, 'consumeTps', at, 0),
    offsetTable: [...objectField(obj, 'offsetTable', at)].map(([key, value]) => [
      messageQueueFromKey(key, tableAt),
      offsetWrapperFromJson(value, childPath(tableAt, key)),
    ]),
  };
}
