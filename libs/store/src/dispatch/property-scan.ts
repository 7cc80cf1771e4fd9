/**
 * Reads single properties out of a stored property string without building a Map
 * (`name \u0001 value ( \u0002 name \u0001 value )*`, protocol.md §3.2). Same answers as
 * decodeMessageProperties(text).get(name) for the names the store asks about: segments without a
 * \u0001 are skipped, an empty value is no value, and a repeated name gives its last non-empty value.
 * property-scan.spec.ts pins that against decodeMessageProperties.
 */
import { MessageConst } from '@rmq/protocol';

const NAME_VALUE_SEPARATOR = MessageConst.NAME_VALUE_SEPARATOR;
const PROPERTY_SEPARATOR = MessageConst.PROPERTY_SEPARATOR;
const NAME_VALUE_SEPARATOR_CODE = 1;

/** The value of `name` (which must not contain a separator), or undefined. */
export function propertyOf(text: string, name: string): string | undefined {
  let found: string | undefined;
  const nameLength = name.length;
  const length = text.length;
  let start = 0;
  while (start < length) {
    let end = text.indexOf(PROPERTY_SEPARATOR, start);
    if (end < 0) end = length;
    const valueAt = start + nameLength + 1;
    if (
      valueAt < end &&
      text.charCodeAt(valueAt - 1) === NAME_VALUE_SEPARATOR_CODE &&
      text.startsWith(name, start)
    ) {
      found = text.slice(valueAt, end);
    }
    start = end + 1;
  }
  return found;
}

/** The property names dispatch routes by, read in one pass. */
export interface RoutingProperties {
  tags: string | undefined;
  keys: string | undefined;
  uniqKey: string | undefined;
  delayLevel: string | undefined;
}

const TAGS = MessageConst.PROPERTY_TAGS;
const KEYS = MessageConst.PROPERTY_KEYS;
const UNIQ_KEY = MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX;
const DELAY = MessageConst.PROPERTY_DELAY_TIME_LEVEL;

/** Fills `out` with the routing properties of `text` (one pass over the string) and returns it. */
export function scanRoutingProperties(text: string, out: RoutingProperties): RoutingProperties {
  out.tags = out.keys = out.uniqKey = out.delayLevel = undefined;
  const length = text.length;
  let start = 0;
  let at = -1;
  while (start < length) {
    let end = text.indexOf(PROPERTY_SEPARATOR, start);
    if (end < 0) end = length;
    if (at < start) at = text.indexOf(NAME_VALUE_SEPARATOR, start);
    if (at < 0) return out;
    // A value must be non-empty: the separator is before the segment's last char.
    if (at < end - 1) assign(out, text, start, at, end);
    start = end + 1;
  }
  return out;
}

function assign(out: RoutingProperties, text: string, start: number, at: number, end: number): void {
  const nameLength = at - start;
  if (nameLength === TAGS.length && text.startsWith(TAGS, start)) out.tags = text.slice(at + 1, end);
  else if (nameLength === KEYS.length && text.startsWith(KEYS, start)) out.keys = text.slice(at + 1, end);
  else if (nameLength === UNIQ_KEY.length && text.startsWith(UNIQ_KEY, start))
    out.uniqKey = text.slice(at + 1, end);
  else if (nameLength === DELAY.length && text.startsWith(DELAY, start))
    out.delayLevel = text.slice(at + 1, end);
}
