/**
 * RegisterBrokerBody (REGISTER_BROKER request body), plain JSON or compressed (protocol.md §2.4).
 *
 * Plain:  {"filterServerList":[...],"topicConfigSerializeWrapper":{"dataVersion":..,"topicConfigTable":..}}
 *
 * Compressed (header compressed=true): a zlib stream (Java DeflaterOutputStream, BEST_COMPRESSION)
 * whose plaintext is, all ints big-endian int32:
 *   len | DataVersion JSON
 *   topicCount
 *   topicCount × (len | "<name> <read> <write> <perm> <filterType>")
 *   len | filterServerList JSON array
 * The compressed form drops `order` and `topicSysFlag`. Node's bundled zlib picks different matches
 * than the JDK's, so our deflate output differs from Java's in bytes but inflates to the same text.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { MalformedBodyError } from '../../errors/malformed-body.error';
import { JavaKeyTypes, JavaSet } from '../../json/java-collections';
import { writeFastJson, writeFastJsonBuffer } from '../../json/fast-json.writer';
import { childPath, expectString, mapArray, parseJsonBody, rootPath } from '../../json/json-body-reader';
import { parseLenientJson } from '../../json/lenient-json.parser';
import { dataVersionToJson, decodeDataVersion } from '../common/data-version';
import { decodeTopicConfigText, encodeTopicConfigText, TopicConfig } from '../topic/topic-config';
import {
  TopicConfigSerializeWrapper,
  topicConfigSerializeWrapperFromJson,
  topicConfigSerializeWrapperToJson,
} from '../topic/topic-config-serialize-wrapper';

export interface RegisterBrokerBody {
  topicConfigSerializeWrapper: TopicConfigSerializeWrapper;
  filterServerList: string[];
}

const BODY_NAME = 'RegisterBrokerBody';
/** Inflated bodies larger than a whole frame (16 MiB) are refused. */
export const REGISTER_BODY_INFLATED_BYTES_MAX = 16 * 1024 * 1024;
const INT_BYTES = 4;

export function encodeRegisterBrokerBody(body: RegisterBrokerBody): Buffer {
  return writeFastJsonBuffer({
    filterServerList: body.filterServerList,
    topicConfigSerializeWrapper: topicConfigSerializeWrapperToJson(body.topicConfigSerializeWrapper),
  });
}

export function decodeRegisterBrokerBody(body: Buffer | string): RegisterBrokerBody {
  const at = rootPath(BODY_NAME);
  const obj = parseJsonBody(body, BODY_NAME);
  return {
    topicConfigSerializeWrapper: topicConfigSerializeWrapperFromJson(
      obj.get('topicConfigSerializeWrapper') ?? new Map(),
      childPath(at, 'topicConfigSerializeWrapper'),
    ),
    filterServerList: mapArray(obj, 'filterServerList', at, expectString),
  };
}

/** The compressed form. Topics go in the order of the ConcurrentHashMap Java clones them into. */
export function encodeRegisterBrokerBodyCompressed(body: RegisterBrokerBody): Buffer {
  const wrapper = body.topicConfigSerializeWrapper;
  // Java clones the table into a ConcurrentHashMap (putAll presizes it) before writing.
  const names = new JavaSet(JavaKeyTypes.STRING, wrapper.topicConfigTable.keys(), {
    kind: 'concurrentHashMap',
    initialCapacity: wrapper.topicConfigTable.size,
  }).javaOrder();
  const parts: Buffer[] = [lengthPrefixed(writeFastJsonBuffer(dataVersionToJson(wrapper.dataVersion)))];
  parts.push(int32(names.length));
  for (const name of names) {
    const config = wrapper.topicConfigTable.get(name) as TopicConfig;
    parts.push(lengthPrefixed(Buffer.from(encodeTopicConfigText(config), 'utf8')));
  }
  parts.push(lengthPrefixed(Buffer.from(writeFastJson(body.filterServerList), 'utf8')));
  return deflateSync(Buffer.concat(parts), { level: 9 });
}

export function decodeRegisterBrokerBodyCompressed(body: Buffer): RegisterBrokerBody {
  const plain = inflateRegisterBody(body);
  const reader = new PlainReader(plain);
  const dataVersion = decodeDataVersion(reader.lengthPrefixed());
  const topicCount = reader.int32();
  const topicConfigTable = new Map<string, TopicConfig>();
  for (let i = 0; i < topicCount; i++) {
    const config = decodeTopicConfigText(reader.lengthPrefixed().toString('utf8'));
    topicConfigTable.set(config.topicName, config);
  }
  const filterJson = parseLenientJson(reader.lengthPrefixed());
  const filterServerList = Array.isArray(filterJson)
    ? filterJson.map((v, i) => expectString(v, { body: BODY_NAME, path: `filterServerList[${i}]` }))
    : [];
  return { topicConfigSerializeWrapper: { dataVersion, topicConfigTable }, filterServerList };
}

function inflateRegisterBody(body: Buffer): Buffer {
  try {
    return inflateSync(body, { maxOutputLength: REGISTER_BODY_INFLATED_BYTES_MAX });
  } catch (err) {
    throw new MalformedBodyError(BODY_NAME, 'compressed body does not inflate', { cause: err });
  }
}

function int32(value: number): Buffer {
  const out = Buffer.allocUnsafe(INT_BYTES);
  out.writeInt32BE(value, 0);
  return out;
}

function lengthPrefixed(bytes: Buffer): Buffer {
  return Buffer.concat([int32(bytes.length), bytes]);
}

/** Bounds-checked reader of the inflated plaintext. */
class PlainReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  int32(): number {
    if (this.pos + INT_BYTES > this.buf.length) throw this.truncated();
    const value = this.buf.readInt32BE(this.pos);
    this.pos += INT_BYTES;
    return value;
  }

  lengthPrefixed(): Buffer {
    const length = this.int32();
    if (length < 0 || this.pos + length > this.buf.length) throw this.truncated();
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  private truncated(): MalformedBodyError {
    return new MalformedBodyError(BODY_NAME, `compressed body is truncated at byte ${this.pos}`);
  }
}

/** Decodes a REGISTER_BROKER body in the form its header's `compressed` flag announces. */
export function decodeRegisterBrokerRequestBody(body: Buffer, compressed: boolean): RegisterBrokerBody {
  return compressed ? decodeRegisterBrokerBodyCompressed(body) : decodeRegisterBrokerBody(body);
}
