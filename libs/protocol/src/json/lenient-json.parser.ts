/**
 * A lenient JSON parser for what Java RocketMQ peers and config files contain: standard JSON plus
 * fastjson's non-standard object keys — bare numbers (`{0:"addr"}`), bare identifiers, single-quoted
 * strings and whole JSON objects (`{{"brokerName":"b","queueId":0,"topic":"T"}:{...}}`).
 *
 * Representation (documented, stable):
 * - objects are `Map<string, value>` in document order (plain objects would reorder numeric keys);
 * - a bare numeric key is its literal text (`0` → "0"), so quoted and bare keys read the same;
 * - an object key is its canonical compact standard JSON (`toStandardJson`), so a MessageQueue key
 *   written as an object or as a string holding the same JSON reads the same;
 * - numbers are JS numbers; an integer beyond 2^53 stays unsafe (`Number.isSafeInteger` is false),
 *   which the body readers reject instead of rounding.
 * Bounded: more than `maxDepth` nested objects/arrays (default 256) is an error, not a stack overflow.
 */
import { MalformedJsonError } from '../errors/malformed-json.error';

export type LenientJsonValue = null | boolean | number | string | LenientJsonValue[] | LenientJsonObject;
export type LenientJsonObject = Map<string, LenientJsonValue>;

export interface LenientJsonOptions {
  readonly maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 256;

export function parseLenientJson(input: string | Buffer, options: LenientJsonOptions = {}): LenientJsonValue {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const parser = new LenientJsonParser(text, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  return parser.document();
}

export function isJsonObject(value: LenientJsonValue | undefined): value is LenientJsonObject {
  return value instanceof Map;
}

/** Canonical compact standard JSON of a parsed value (keys quoted, document order kept). */
export function toStandardJson(value: LenientJsonValue): string {
  if (value instanceof Map) {
    const parts = [...value.entries()].map(([key, v]) => `${JSON.stringify(key)}:${toStandardJson(v)}`);
    return `{${parts.join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(toStandardJson).join(',')}]`;
  return JSON.stringify(value);
}

const NUMBER_LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const IDENTIFIER = /[A-Za-z_$][\w$]*/y;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class LenientJsonParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  document(): LenientJsonValue {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    const value = this.value(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private fail(message: string): never {
    throw new MalformedJsonError(message, this.pos);
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text.charAt(this.pos))) this.pos++;
  }

  private value(depth: number): LenientJsonValue {
    this.skipWhitespace();
    const ch = this.text.charAt(this.pos);
    if (ch === '{') return this.object(depth);
    if (ch === '[') return this.array(depth);
    if (ch === '"' || ch === "'") return this.string(ch);
    if (ch === '-' || (ch >= '0' && ch <= '9')) return Number(this.numberLiteral());
    for (const [word, literal] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return literal;
      }
    }
    return this.fail(ch === '' ? 'unexpected end of input' : `unexpected character '${ch}'`);
  }

  /** `depth` counts the containers around this one. */
  private enter(depth: number): void {
    if (depth >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`);
  }

  private object(depth: number): LenientJsonObject {
    this.enter(depth);
    const out: LenientJsonObject = new Map();
    this.pos++; // '{'
    this.skipWhitespace();
    if (this.text.charAt(this.pos) === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      const key = this.key(depth);
      this.skipWhitespace();
      if (this.text.charAt(this.pos) !== ':') this.fail("expected ':' after an object key");
      this.pos++;
      out.set(key, this.value(depth + 1));
      this.skipWhitespace();
      const next = this.text.charAt(this.pos++);
      if (next === '}') return out;
      if (next !== ',') this.fail("expected ',' or '}' in an object");
    }
  }

  private key(depth: number): string {
    this.skipWhitespace();
    const ch = this.text.charAt(this.pos);
    if (ch === '"' || ch === "'") return this.string(ch);
    if (ch === '{') return toStandardJson(this.object(depth + 1));
    if (ch === '-' || (ch >= '0' && ch <= '9')) return this.numberLiteral();
    IDENTIFIER.lastIndex = this.pos;
    const identifier = IDENTIFIER.exec(this.text);
    if (identifier === null) this.fail('expected an object key');
    this.pos += identifier[0].length;
    return identifier[0];
  }

  private array(depth: number): LenientJsonValue[] {
    this.enter(depth);
    const out: LenientJsonValue[] = [];
    this.pos++; // '['
    this.skipWhitespace();
    if (this.text.charAt(this.pos) === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.skipWhitespace();
      const next = this.text.charAt(this.pos++);
      if (next === ']') return out;
      if (next !== ',') this.fail("expected ',' or ']' in an array");
    }
  }

  private numberLiteral(): string {
    NUMBER_LITERAL.lastIndex = this.pos;
    const match = NUMBER_LITERAL.exec(this.text);
    if (match === null) this.fail('malformed number');
    this.pos += match[0].length;
    return match[0];
  }

  private string(quote: string): string {
    let out = '';
    this.pos++; // opening quote
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unterminated string');
      const ch = this.text.charAt(this.pos++);
      if (ch === quote) return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const escape = this.text.charAt(this.pos++);
      const simple = SIMPLE_ESCAPES[escape];
      if (simple !== undefined) out += simple;
      else if (escape === 'u') out += this.unicodeEscape();
      else this.fail(`bad escape '\\${escape}'`);
    }
  }

  private unicodeEscape(): string {
    const hex = this.text.slice(this.pos, this.pos + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
    this.pos += 4;
    return String.fromCharCode(parseInt(hex, 16));
  }
}
