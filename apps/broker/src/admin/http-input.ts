/**
 * Checks for REST admin input (JSON bodies and query strings): each failure is a BadRequestError
 * naming the field, which the shared error mapping turns into HTTP 400.
 */
import { BadRequestError } from '../errors/broker.errors';

export type JsonInput = Record<string, unknown>;

export function jsonObject(body: unknown): JsonInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BadRequestError('the request body must be a JSON object');
  return body as JsonInput;
}

export function requiredString(input: JsonInput, key: string): string {
  const value = input[key];
  if (typeof value !== 'string' || value.trim() === '')
    throw new BadRequestError(`"${key}" must be a non-empty string`);
  return value;
}

export function optionalInt(input: JsonInput, key: string, min: number, max: number): number | undefined {
  const raw = input[key];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
    throw new BadRequestError(`"${key}" must be an integer from ${min} to ${max}`);
  return value;
}

export function optionalBoolean(input: JsonInput, key: string): boolean | undefined {
  const raw = input[key];
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new BadRequestError(`"${key}" must be true or false`);
}

export function optionalEnum<T extends string>(
  input: JsonInput,
  key: string,
  members: readonly T[],
): T | undefined {
  const raw = input[key];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' || !(members as readonly string[]).includes(raw))
    throw new BadRequestError(`"${key}" must be one of ${members.join(', ')}`);
  return raw as T;
}
