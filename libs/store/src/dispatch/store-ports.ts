/**
 * The logger and clock ports of the consume-queue, index and dispatch code. A pino logger satisfies
 * StoreLogger structurally (store may not import observability); the defaults log nothing and read
 * the wall clock. Wall-clock ms, because index file names and the checkpoint are wall-clock values.
 */
export interface StoreLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

function ignore(_obj: object, _msg?: string): void {
  // Intentionally empty: the no-op default.
}

export const NOOP_STORE_LOGGER: StoreLogger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
});

/** Wall-clock ms since the epoch (the commit log takes the same `() => number` shape). */
export type StoreClock = () => number;

export const SYSTEM_STORE_CLOCK: StoreClock = () => Date.now();
