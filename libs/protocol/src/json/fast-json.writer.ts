/**
 * Writes JSON text the way fastjson 1.2.83 (RocketMQ 4.9.x's serializer) does, so bodies and config
 * files match a Java broker/namesrv byte for byte:
 * - beans (plain objects): fields in alphabetical order, null/undefined fields left out;
 * - JavaMap / JavaSet: Java HashMap iteration order; non-string keys bare (`{0:"a"}`), object keys as
 *   JSON objects (`{{"brokerName":..}:..}`); with `browserCompatible` every key is quoted
 *   (object keys become a string holding their JSON) and '/' and non-ASCII are \u-escaped;
 * - `sortMapKeys` (MapSortField) writes maps in TreeMap order instead;
 * - `pretty` (PrettyFormat) indents with tabs as ConfigManager writes config files. A map entry with a
 *   non-string key is not put on its own line (`{0:5` ... `}`), exactly as fastjson does. The captured
 *   config files hold no non-empty list; pretty lists follow fastjson's ListSerializer as we read it
 *   (one element per line), which no fixture has verified.
 * Numbers: integral JS numbers are ints/longs; non-integral ones and JavaDouble use Double.toString
 * form. NaN and infinities are written `null`, as fastjson does.
 */
import { FastJsonBean, FastJsonValue, JavaDouble, JavaKeyType, JavaMap, JavaSet } from './java-collections';

export interface FastJsonWriteOptions {
  /** SerializerFeature.PrettyFormat (tab indentation). */
  readonly pretty?: boolean;
  /** SerializerFeature.BrowserCompatible: quote every map key, escape '/' and chars >= 0x7F. */
  readonly browserCompatible?: boolean;
  /** SerializerFeature.MapSortField: maps in key order rather than hash order. */
  readonly sortMapKeys?: boolean;
}

const MAX_DEPTH = 128;

export function writeFastJson(value: FastJsonValue, options: FastJsonWriteOptions = {}): string {
  const writer = new FastJsonWriter(options);
  writer.value(value, 0);
  return writer.text();
}

export function writeFastJsonBuffer(value: FastJsonValue, options: FastJsonWriteOptions = {}): Buffer {
  return Buffer.from(writeFastJson(value, options), 'utf8');
}

class FastJsonWriter {
  private readonly out: string[] = [];

  constructor(private readonly options: FastJsonWriteOptions) {}

  text(): string {
    return this.out.join('');
  }

  value(value: FastJsonValue, depth: number): void {
    if (depth > MAX_DEPTH) throw new RangeError(`fastjson writer: nesting deeper than ${MAX_DEPTH}`);
    if (value === null || value === undefined) this.out.push('null');
    else if (typeof value === 'string') this.out.push(quoteJavaString(value, this.options.browserCompatible));
    else if (typeof value === 'number') this.out.push(formatJavaNumber(value));
    else if (typeof value === 'boolean') this.out.push(value ? 'true' : 'false');
    else if (value instanceof JavaDouble) this.out.push(formatJavaDouble(value.value));
    else if (value instanceof JavaMap) this.map(value, depth);
    else if (value instanceof JavaSet) this.list(setToValues(value), depth);
    else if (isReadonlyArray(value)) this.list(value, depth);
    else this.bean(value, depth);
  }

  private bean(bean: FastJsonBean, depth: number): void {
    const fields = Object.keys(bean)
      .filter((key) => bean[key] !== undefined && bean[key] !== null)
      .sort();
    if (fields.length === 0) {
      this.out.push('{}');
      return;
    }
    this.out.push('{');
    fields.forEach((field, index) => {
      if (index > 0) this.out.push(',');
      this.newline(depth + 1);
      this.out.push(quoteJavaString(field, this.options.browserCompatible), ':');
      this.value(bean[field], depth + 1);
    });
    this.newline(depth);
    this.out.push('}');
  }

  private map(map: JavaMap<unknown>, depth: number): void {
    if (map.size === 0) {
      this.out.push('{}');
      return;
    }
    const entries = this.options.sortMapKeys ? map.sortedOrder() : map.javaOrder();
    this.out.push('{');
    entries.forEach(([key, entryValue], index) => {
      if (index > 0) this.out.push(',');
      this.mapKey(map.keyType, key, depth + 1);
      this.out.push(':');
      this.value(entryValue, depth + 1);
    });
    this.newline(depth);
    this.out.push('}');
  }

  private mapKey(keyType: JavaKeyType<unknown>, key: unknown, depth: number): void {
    const browserCompatible = this.options.browserCompatible === true;
    const json = keyType.toJson(key);
    if (typeof json === 'string') {
      // Only String keys start a new line in pretty mode.
      this.newline(depth);
      this.out.push(quoteJavaString(json, browserCompatible));
    } else if (!browserCompatible) {
      this.out.push(typeof json === 'number' ? formatJavaNumber(json) : writeFastJson(json));
    } else {
      // JSON.toJSONString(key) with default features, then written as a string.
      const keyText = typeof json === 'number' ? formatJavaNumber(json) : writeFastJson(json);
      this.out.push(quoteJavaString(keyText, true));
    }
  }

  private list(items: readonly FastJsonValue[], depth: number): void {
    if (items.length === 0) {
      this.out.push('[]');
      return;
    }
    this.out.push('[');
    items.forEach((item, index) => {
      if (index > 0) this.out.push(',');
      this.newline(depth + 1);
      this.value(item, depth + 1);
    });
    this.newline(depth);
    this.out.push(']');
  }

  private newline(depth: number): void {
    if (this.options.pretty) this.out.push('\n', '\t'.repeat(depth));
  }
}

function setToValues(set: JavaSet<unknown>): FastJsonValue[] {
  return set.javaOrder().map((element) => set.elementType.toJson(element));
}

function isReadonlyArray(value: FastJsonValue): value is readonly FastJsonValue[] {
  return Array.isArray(value);
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function unicodeEscape(code: number): string {
  return '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * A Java string as fastjson quotes it. Default: control characters, U+007F..U+009F and U+2028/9 as
 * \uXXXX, the usual short escapes, everything else raw. Browser-compatible: also '/' and every UTF-16
 * unit >= 0x7F escaped.
 */
export function quoteJavaString(text: string, browserCompatible = false): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const code = text.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (code < 0x20) out += unicodeEscape(code);
    else if (browserCompatible && ch === '/') out += '\\/';
    else if (browserCompatible && code >= 0x7f) out += unicodeEscape(code);
    else if ((code >= 0x7f && code < 0xa0) || code === 0x2028 || code === 0x2029) out += unicodeEscape(code);
    else out += ch;
  }
  return out + '"';
}

/** An int/long, or a double when the number is not integral. */
export function formatJavaNumber(value: number): string {
  if (Number.isInteger(value)) return Object.is(value, -0) ? '0' : String(value);
  return formatJavaDouble(value);
}

/** Double.toString form: `1.0`, `0.5`, `1.0E7`, `1.5E-4`; NaN and infinities as `null` (fastjson). */
export function formatJavaDouble(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const plain = String(value);
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  const [mantissa = '', exponent = ''] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}
