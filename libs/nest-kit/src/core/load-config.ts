/**
 * The start-up step every app shares: load the config (defaults < file < env < flags), answer
 * `-h`, `-p` and `-m` like RocketMQ's scripts, and refuse to start on a bad config, listing every
 * problem with its source. Returns the config and the app's logger.
 */
import {
  ConfigError,
  ConfigSchema,
  formatConfig,
  formatHelp,
  formatIssue,
  importantKeys,
  KeyMap,
  LoadResult,
} from '@rmq/config';
import { createLogger, Logger } from '@rmq/observability';

export const EXIT_BAD_CONFIG = 2;

export interface LoadedApp<C> {
  config: C;
  logger: Logger;
}

export function loadConfigOrExit<K extends KeyMap, C extends object>(
  app: string,
  schema: ConfigSchema<K>,
  load: () => LoadResult<C>,
): LoadedApp<C> {
  let result: LoadResult<C>;
  try {
    result = load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${app}: not started, ${err.message}\n`);
    process.exit(EXIT_BAD_CONFIG);
  }
  if (result.help) exitWith(formatHelp(schema));
  if (result.printConfig) exitWith(formatConfig(result.config));
  if (result.printImportantConfig) exitWith(formatConfig(result.config, { only: importantKeys(schema) }));
  const logger = createLogger({ app });
  for (const notice of result.notices) logger.info({ component: 'config' }, notice);
  for (const warning of result.warnings) logger.warn({ component: 'config' }, formatIssue(warning));
  return { config: result.config, logger };
}

function exitWith(text: string): never {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  process.exit(0);
}
