/**
 * The broker's offset tables, as config files (pretty) and as GET_ALL_CONSUMER_OFFSET (43) /
 * GET_ALL_DELAY_OFFSET (45) reply bodies. Both use bare integer map keys:
 *
 *   ConsumerOffsetSerializeWrapper (consumerOffset.json): {"offsetTable":{"<topic>@<group>":{0:12,1:3}}}
 *   DelayOffsetSerializeWrapper (delayOffset.json):       {"offsetTable":{<delayLevel>:<offset>,...}}
 *
 * Java tables: ConcurrentHashMap(512) of ConcurrentHashMap(32) for consumer offsets (queueId → next
 * offset), ConcurrentHashMap(32) for delay offsets (delay level → offset in SCHEDULE_TOPIC_XXXX).
 */
import { JavaTableSizing } from '../../util/java-hash';
import { JavaKeyTypes, JavaMap } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import {
  bodyError,
  childPath,
  expectInteger,
  expectObject,
  JsonPath,
  mapEntries,
  objectField,
  parseJsonBody,
  rootPath,
} from '../../json/json-body-reader';
import { LenientJsonObject } from '../../json/lenient-json.parser';

export interface ConsumerOffsetSerializeWrapper {
  /** "topic@group" → (queueId → offset). */
  offsetTable: Map<string, Map<number, number>>;
}

export interface DelayOffsetSerializeWrapper {
  /** delay level → offset. */
  offsetTable: Map<number, number>;
}

const CONSUMER_OFFSET_TABLE_SIZING: JavaTableSizing = { kind: 'concurrentHashMap', initialCapacity: 512 };
const QUEUE_OFFSET_TABLE_SIZING: JavaTableSizing = { kind: 'concurrentHashMap', initialCapacity: 32 };

export function encodeConsumerOffsetSerializeWrapper(
  wrapper: ConsumerOffsetSerializeWrapper,
  options: { readonly pretty?: boolean } = {},
): Buffer {
  const entries = [...wrapper.offsetTable].map(
    ([key, offsets]) => [key, new JavaMap(JavaKeyTypes.INTEGER, offsets, QUEUE_OFFSET_TABLE_SIZING)] as const,
  );
  return writeFastJsonBuffer(
    { offsetTable: new JavaMap(JavaKeyTypes.STRING, entries, CONSUMER_OFFSET_TABLE_SIZING) },
    { pretty: options.pretty === true },
  );
}

export function decodeConsumerOffsetSerializeWrapper(body: Buffer | string): ConsumerOffsetSerializeWrapper {
  const at = rootPath('ConsumerOffsetSerializeWrapper');
  const entries = mapEntries(parseJsonBody(body, at.body), 'offsetTable', at, (value, p) =>
    integerKeyedMap(expectObject(value, p), p),
  );
  return { offsetTable: new Map(entries) };
}

export function encodeDelayOffsetSerializeWrapper(
  wrapper: DelayOffsetSerializeWrapper,
  options: { readonly pretty?: boolean } = {},
): Buffer {
  return writeFastJsonBuffer(
    { offsetTable: new JavaMap(JavaKeyTypes.INTEGER, wrapper.offsetTable, QUEUE_OFFSET_TABLE_SIZING) },
    { pretty: options.pretty === true },
  );
}

export function decodeDelayOffsetSerializeWrapper(body: Buffer | string): DelayOffsetSerializeWrapper {
  const at = rootPath('DelayOffsetSerializeWrapper');
  const table = objectField(parseJsonBody(body, at.body), 'offsetTable', at);
  return { offsetTable: integerKeyedMap(table, childPath(at, 'offsetTable')) };
}

function integerKeyedMap(obj: LenientJsonObject, at: JsonPath): Map<number, number> {
  const out = new Map<number, number>();
  for (const [key, value] of obj) {
    if (!/^-?\d+$/.test(key)) throw bodyError(at, `has a key that is not an integer: ${key}`);
    out.set(Number(key), expectInteger(value, childPath(at, key)));
  }
  return out;
}
