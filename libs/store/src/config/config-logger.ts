/**
 * The logging port of the config files. A pino logger satisfies it structurally, so the store never
 * depends on a logging package; the default does nothing.
 */
export interface ConfigLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

function ignore(_obj: object, _msg?: string): void {
  // Intentionally empty: the no-op default.
}

export const NOOP_CONFIG_LOGGER: ConfigLogger = Object.freeze({ info: ignore, warn: ignore, error: ignore });
