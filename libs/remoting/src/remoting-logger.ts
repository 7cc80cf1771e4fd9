/**
 * The logging port of the remoting layer. A pino logger satisfies it structurally, so this library
 * never depends on a logging package; the default does nothing.
 */
export interface RemotingLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

function ignore(_obj: object, _msg?: string): void {
  // Intentionally empty: the no-op default.
}

export const NOOP_REMOTING_LOGGER: RemotingLogger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
});
