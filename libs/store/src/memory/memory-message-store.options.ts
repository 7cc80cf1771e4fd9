/**
 * Options of MemoryMessageStore, under MessageStoreConfig's names where one exists, with RocketMQ's
 * defaults. Every collection the store keeps is bounded by maxBytesHeld.
 */
import { DEFAULT_MAX_MESSAGE_BYTES } from '../put-message-checks';

/** A pino logger satisfies it structurally. */
export interface MemoryStoreLogger {
  warn(obj: object, msg?: string): void;
}

export interface MemoryMessageStoreOptions {
  /** Store timestamps (ms since the epoch). Default Date.now. */
  readonly nowMs?: () => number;
  /** Largest body accepted, bytes (RocketMQ maxMessageSize, 4 MiB). */
  readonly maxMessageSize?: number;
  /** Bytes of records, queue and index entries the store may hold (default 256 MiB). */
  readonly maxBytesHeld?: number;
  /** Messages per getMessage (maxTransferCountOnMessageInMemory, 32). */
  readonly maxTransferCountOnMessageInMemory?: number;
  /** Bytes per getMessage (maxTransferBytesOnMessageInMemory, 256 KiB). */
  readonly maxTransferBytesOnMessageInMemory?: number;
  /** Messages per queryMessage (maxMsgsNumBatch, 64). */
  readonly maxMsgsNumBatch?: number;
  readonly logger?: MemoryStoreLogger;
}

export type ResolvedMemoryStoreOptions = Required<MemoryMessageStoreOptions>;

export const DEFAULT_MEMORY_STORE_MAX_BYTES = 256 * 1024 * 1024;

const NOOP_LOGGER: MemoryStoreLogger = Object.freeze({
  warn: (_obj: object, _msg?: string): void => undefined,
});

export function resolveMemoryStoreOptions(options: MemoryMessageStoreOptions): ResolvedMemoryStoreOptions {
  const resolved: ResolvedMemoryStoreOptions = {
    nowMs: options.nowMs ?? Date.now,
    maxMessageSize: options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_BYTES,
    maxBytesHeld: options.maxBytesHeld ?? DEFAULT_MEMORY_STORE_MAX_BYTES,
    maxTransferCountOnMessageInMemory: options.maxTransferCountOnMessageInMemory ?? 32,
    maxTransferBytesOnMessageInMemory: options.maxTransferBytesOnMessageInMemory ?? 256 * 1024,
    maxMsgsNumBatch: options.maxMsgsNumBatch ?? 64,
    logger: options.logger ?? NOOP_LOGGER,
  };
  for (const key of [
    'maxMessageSize',
    'maxBytesHeld',
    'maxTransferCountOnMessageInMemory',
    'maxTransferBytesOnMessageInMemory',
    'maxMsgsNumBatch',
  ] as const) {
    const value = resolved[key];
    if (!Number.isSafeInteger(value) || value < 1)
      throw new RangeError(`${key} must be a positive integer, got ${value}`);
  }
  return resolved;
}
