/**
 * The project's logger: pino, JSON lines to stdout, or pretty-printed when stdout is a terminal.
 * Components take a child logger (`logger.child({ component: 'route-info' })`).
 */
import pino, { Logger, LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** App name, stamped on every line as `app`. */
  app: string;
  level?: LevelWithSilent;
  /** Pretty output; defaults to "stdout is a terminal". */
  pretty?: boolean;
  /** Where lines go; defaults to stdout. Tests pass their own stream. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const usePretty = options.pretty ?? Boolean(process.stdout.isTTY);
  const base = { app: options.app, pid: process.pid };
  const pinoOptions = { level: options.level ?? 'info', base, timestamp: pino.stdTimeFunctions.isoTime };
  if (usePretty) {
    return pino(pinoOptions, pretty({ colorize: true, destination: options.destination ?? 1, sync: true }));
  }
  return pino(pinoOptions, options.destination ?? pino.destination({ dest: 1, sync: true }));
}

/** A logger that drops everything (tests, tools that print their own output). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
