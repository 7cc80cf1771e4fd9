/**
 * The logging port of retention and the disk guard. A pino logger satisfies it structurally; the
 * default does nothing.
 */
export interface RetentionLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

function ignore(_obj: object, _msg?: string): void {
  // Intentionally empty: the no-op default.
}

export const NOOP_RETENTION_LOGGER: RetentionLogger = Object.freeze({
  info: ignore,
  warn: ignore,
  error: ignore,
});
