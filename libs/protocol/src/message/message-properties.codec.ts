/**
 * The message property string (protocol.md §3.2):
 *
 *   name \u0001 value ( \u0002 name \u0001 value )* [\u0002]
 *
 * Decoding accepts a trailing \u0002 (≤ 4.9.0, ali-ons) or none (4.9.1+), skips empty segments and
 * segments without \u0001, and drops pairs whose name or value is empty (4.9.x behaviour); a repeated
 * name keeps its first position and its last value. Encoding writes no trailing separator and skips
 * null/undefined values, like 4.9.x. With `order: 'java-hash-map'` the pairs are written in the
 * iteration order of the Java HashMap a broker keeps them in, which is how stored records order them.
 */
import { JavaKeyTypes, JavaMap } from '../json/java-collections';
import { MessageConst } from './message-const';

const { NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR } = MessageConst;

export function decodeMessageProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const segment of text.split(PROPERTY_SEPARATOR)) {
    const at = segment.indexOf(NAME_VALUE_SEPARATOR);
    if (at < 0) continue;
    const name = segment.slice(0, at);
    const value = segment.slice(at + 1);
    if (name !== '' && value !== '') out.set(name, value);
  }
  return out;
}

export interface EncodeMessagePropertiesOptions {
  /** `insertion` (default) keeps the given order; `java-hash-map` orders as a default HashMap. */
  readonly order?: 'insertion' | 'java-hash-map';
}

export function encodeMessageProperties(
  properties: Iterable<readonly [string, string | undefined | null]>,
  options: EncodeMessagePropertiesOptions = {},
): string {
  let pairs = [...properties].filter(
    (pair): pair is readonly [string, string] => pair[1] !== undefined && pair[1] !== null,
  );
  if (options.order === 'java-hash-map') {
    pairs = new JavaMap(JavaKeyTypes.STRING, pairs).javaOrder() as Array<readonly [string, string]>;
  }
  return pairs.map(([name, value]) => name + NAME_VALUE_SEPARATOR + value).join(PROPERTY_SEPARATOR);
}
