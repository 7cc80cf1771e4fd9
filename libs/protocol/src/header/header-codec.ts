/**
 * Typed command headers: a declarative schema per RocketMQ `*RequestHeader` / `*ResponseHeader`
 * class turns extFields (string → string) into a typed object and back. Decoding never half-succeeds:
 * a missing required field or a value that does not parse throws a typed error naming the field.
 *
 * Field types follow RocketMQ's header decoder: String, Integer/int, Long/long, Boolean/boolean and
 * Double. Longs are returned as `number`: every long RocketMQ carries in a header (offsets,
 * timestamps in ms, counters) stays below 2^53, and a value that does not is rejected rather than
 * rounded. Booleans parse like Java's `Boolean.parseBoolean` ("true" in any case is true, anything
 * else false). Unknown extFields keys are ignored.
 *
 * RocketMQ 4.9.x logs and skips a field that fails to decode, then usually fails later with a
 * NullPointerException that the broker answers as SYSTEM_ERROR; throwing at decode time gives the
 * same answer with a message that names the field.
 */
import { InvalidHeaderFieldError } from '../errors/invalid-header-field.error';
import { MissingHeaderFieldError } from '../errors/missing-header-field.error';

export type HeaderFieldType = 'string' | 'int' | 'long' | 'boolean' | 'double';

export type HeaderFieldValue<T extends HeaderFieldType> = T extends 'string'
  ? string
  : T extends 'boolean'
    ? boolean
    : number;

/**
 * One field. `required` mirrors `@CFNotNull`; a field with a default (a Java primitive or an
 * initialised boxed field) is always present after decode and always written by encode.
 */
export interface HeaderFieldSpec<T extends HeaderFieldType = HeaderFieldType, P extends boolean = boolean> {
  readonly type: T;
  readonly required: boolean;
  /** true when the decoded object always carries the field (required or defaulted). */
  readonly present: P;
  readonly defaultValue?: HeaderFieldValue<T>;
}

export const HeaderField = {
  required<T extends HeaderFieldType>(type: T): HeaderFieldSpec<T, true> {
    return { type, required: true, present: true };
  },
  optional<T extends HeaderFieldType>(type: T): HeaderFieldSpec<T, false> {
    return { type, required: false, present: false };
  },
  withDefault<T extends HeaderFieldType>(
    type: T,
    defaultValue: HeaderFieldValue<T>,
  ): HeaderFieldSpec<T, true> {
    return { type, required: false, present: true, defaultValue };
  },
};

export type HeaderSchema = Readonly<Record<string, HeaderFieldSpec>>;

type PresentKeys<S extends HeaderSchema> = {
  [K in keyof S]: S[K]['present'] extends true ? K : never;
}[keyof S];
type AbsentKeys<S extends HeaderSchema> = Exclude<keyof S, PresentKeys<S>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The typed object a schema describes: required and defaulted fields mandatory, the rest optional. */
export type HeaderOf<S extends HeaderSchema> = Simplify<
  { -readonly [K in PresentKeys<S>]: HeaderFieldValue<S[K]['type']> } & {
    -readonly [K in AbsentKeys<S>]?: HeaderFieldValue<S[K]['type']>;
  }
>;

export type HeaderCheck<H> = (header: H, fail: (field: keyof H & string, reason: string) => never) => void;

export interface HeaderCodec<H> {
  /** RocketMQ's class name, used in error messages. */
  readonly name: string;
  /** extFields keys in declaration order (the order `encode` writes them). */
  readonly fieldNames: readonly string[];
  decode(extFields: Readonly<Record<string, string>> | undefined): H;
  /** Every value becomes a string; absent optional fields are left out. */
  encode(header: H): Record<string, string>;
}

/** Declares a header; `check` mirrors the class's `checkFields()` and runs after decode. */
export function defineHeader<S extends HeaderSchema>(
  name: string,
  schema: S,
  check?: HeaderCheck<HeaderOf<S>>,
): HeaderCodec<HeaderOf<S>> {
  const entries = Object.entries(schema);
  return {
    name,
    fieldNames: entries.map(([key]) => key),
    decode(extFields) {
      const out: Record<string, unknown> = {};
      for (const [key, spec] of entries) {
        const raw = extFields?.[key];
        if (raw === undefined || raw === null) {
          if (spec.required) throw new MissingHeaderFieldError(name, key);
          if (spec.defaultValue !== undefined) out[key] = spec.defaultValue;
          continue;
        }
        out[key] = parseHeaderValue(name, key, spec.type, raw);
      }
      const header = out as HeaderOf<S>;
      check?.(header, (field, reason) => {
        throw new InvalidHeaderFieldError(name, field, String(extFields?.[field] ?? ''), reason);
      });
      return header;
    },
    encode(header) {
      const out: Record<string, string> = {};
      const values = header as Record<string, unknown>;
      for (const [key, spec] of entries) {
        const value = values[key] ?? spec.defaultValue;
        if (value === undefined || value === null) {
          if (spec.required) throw new MissingHeaderFieldError(name, key);
          continue;
        }
        out[key] = String(value);
      }
      return out;
    },
  };
}

const JAVA_INTEGER_TEXT = /^[+-]?\d+$/;
const JAVA_DOUBLE_TEXT = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?$/;
const INT_MIN = -0x80000000;
const INT_MAX = 0x7fffffff;

/** Parses one extFields value the way RocketMQ's header decoder would. */
export function parseHeaderValue(
  headerName: string,
  field: string,
  type: HeaderFieldType,
  raw: string,
): unknown {
  const invalid = (reason: string): never => {
    throw new InvalidHeaderFieldError(headerName, field, raw, reason);
  };
  switch (type) {
    case 'string':
      return raw;
    case 'boolean':
      return raw.toLowerCase() === 'true';
    case 'double': {
      if (!JAVA_DOUBLE_TEXT.test(raw)) invalid('is not a number');
      return Number(raw.replace(/[fFdD]$/, ''));
    }
    case 'int': {
      if (!JAVA_INTEGER_TEXT.test(raw)) invalid('is not an integer');
      const n = Number(raw);
      if (n < INT_MIN || n > INT_MAX) invalid('is out of the int range');
      return n;
    }
    case 'long': {
      if (!JAVA_INTEGER_TEXT.test(raw)) invalid('is not an integer');
      const n = Number(raw);
      if (!Number.isSafeInteger(n)) invalid('is beyond 2^53 and cannot be held exactly');
      return n;
    }
  }
}

/** The typed object of a codec: `HeaderType<typeof PullMessageRequestHeader>`. */
export type HeaderType<C> = C extends HeaderCodec<infer H> ? H : never;
