/**
 * Typed reads from a lenient-parsed body, coercing the way fastjson fills Java fields (a numeric
 * string into an int, a number into a String, "true" into a boolean). Any shape that cannot become
 * the declared Java type throws MalformedBodyError naming the body and the path of the field.
 * A missing field takes the Java field's default when the caller gives one, else it is an error.
 */
import { MalformedBodyError } from '../errors/malformed-body.error';
import { isJsonObject, LenientJsonObject, LenientJsonValue, parseLenientJson } from './lenient-json.parser';

/** Where a value sits: body class name plus a JSON path, for error messages. */
export interface JsonPath {
  readonly body: string;
  readonly path: string;
}

export function rootPath(body: string): JsonPath {
  return { body, path: body };
}

export function childPath(parent: JsonPath, key: string | number): JsonPath {
  return {
    body: parent.body,
    path: typeof key === 'number' ? `${parent.path}[${key}]` : `${parent.path}.${key}`,
  };
}

export function bodyError(at: JsonPath, message: string): MalformedBodyError {
  return new MalformedBodyError(at.body, `${at.path} ${message}`);
}

/** Parses a JSON body and checks that it is an object. */
export function parseJsonBody(body: Buffer | string, bodyName: string): LenientJsonObject {
  return expectObject(parseLenientJson(body), rootPath(bodyName));
}

export function expectObject(value: LenientJsonValue | undefined, at: JsonPath): LenientJsonObject {
  if (!isJsonObject(value)) throw bodyError(at, 'is not a JSON object');
  return value;
}

export function expectArray(value: LenientJsonValue | undefined, at: JsonPath): LenientJsonValue[] {
  if (!Array.isArray(value)) throw bodyError(at, 'is not a JSON array');
  return value;
}

export function expectString(value: LenientJsonValue | undefined, at: JsonPath): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw bodyError(at, 'is not a string');
}

/** An int or long; numeric strings are accepted; unsafe integers (beyond 2^53) are rejected. */
export function expectInteger(value: LenientJsonValue | undefined, at: JsonPath): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw bodyError(at, 'is not an integer');
  if (!Number.isSafeInteger(n)) throw bodyError(at, 'is an integer beyond 2^53');
  return n;
}

export function expectNumber(value: LenientJsonValue | undefined, at: JsonPath): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || Number.isNaN(n)) throw bodyError(at, 'is not a number');
  return n;
}

export function expectBoolean(value: LenientJsonValue | undefined, at: JsonPath): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  if (value === 1 || value === 0) return value === 1;
  throw bodyError(at, 'is not a boolean');
}

function field<T>(
  obj: LenientJsonObject,
  key: string,
  at: JsonPath,
  read: (value: LenientJsonValue, at: JsonPath) => T,
  fallback: T | undefined,
): T {
  const value = obj.get(key);
  if (value === undefined || value === null) {
    if (fallback === undefined) throw bodyError(childPath(at, key), 'is missing');
    return fallback;
  }
  return read(value, childPath(at, key));
}

export function stringField(obj: LenientJsonObject, key: string, at: JsonPath, fallback?: string): string {
  return field(obj, key, at, expectString, fallback);
}

export function optionalStringField(obj: LenientJsonObject, key: string, at: JsonPath): string | undefined {
  const value = obj.get(key);
  return value === undefined || value === null ? undefined : expectString(value, childPath(at, key));
}

export function integerField(obj: LenientJsonObject, key: string, at: JsonPath, fallback?: number): number {
  return field(obj, key, at, expectInteger, fallback);
}

export function numberField(obj: LenientJsonObject, key: string, at: JsonPath, fallback?: number): number {
  return field(obj, key, at, expectNumber, fallback);
}

export function booleanField(obj: LenientJsonObject, key: string, at: JsonPath, fallback?: boolean): boolean {
  return field(obj, key, at, expectBoolean, fallback);
}

/** A List/Set field; a missing or null one reads as empty (RocketMQ initialises these). */
export function arrayField(obj: LenientJsonObject, key: string, at: JsonPath): LenientJsonValue[] {
  const value = obj.get(key);
  return value === undefined || value === null ? [] : expectArray(value, childPath(at, key));
}

/** A Map field; a missing or null one reads as empty. */
export function objectField(obj: LenientJsonObject, key: string, at: JsonPath): LenientJsonObject {
  const value = obj.get(key);
  return value === undefined || value === null ? new Map() : expectObject(value, childPath(at, key));
}

/** Each element of an array field, read with `read`. */
export function mapArray<T>(
  obj: LenientJsonObject,
  key: string,
  at: JsonPath,
  read: (value: LenientJsonValue, at: JsonPath) => T,
): T[] {
  const base = childPath(at, key);
  return arrayField(obj, key, at).map((item, index) => read(item, childPath(base, index)));
}

/** Each entry of a map field as [key text, read value], in document order. */
export function mapEntries<T>(
  obj: LenientJsonObject,
  key: string,
  at: JsonPath,
  read: (value: LenientJsonValue, at: JsonPath) => T,
): Array<[string, T]> {
  const base = childPath(at, key);
  return [...objectField(obj, key, at).entries()].map(([k, v]) => [k, read(v, childPath(base, k))]);
}
