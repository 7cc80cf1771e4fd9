/**
 * Console entry point. Until the console issue lands it serves only its ops endpoints
 * (`/health`, `/ready`, `/metrics`).
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { CoreModule, exitOnSignals, loadConfigOrExit, runMain, startApp } from '@rmq/nest-kit';
import { MetricsRegistry } from '@rmq/observability';
import { CONSOLE_CONFIG_SCHEMA, loadConsoleConfig } from './console-config.schema';

const SHUTDOWN_GRACE_MS = 5_000;

@Module({})
class ConsoleModule {}

async function main(): Promise<void> {
  const { config, logger } = loadConfigOrExit('console', CONSOLE_CONFIG_SCHEMA, () => loadConsoleConfig());
  const metrics = new MetricsRegistry('console');
  const running = await startApp({
    module: { module: ConsoleModule, imports: [CoreModule.forRoot({ config, logger, metrics })] },
    logger,
    http: { port: config.httpListenPort, host: config.bindAddress },
  });
  logger.info({ httpListenPort: running.httpPort }, 'console started (ops endpoints only)');
  exitOnSignals(running, logger, SHUTDOWN_GRACE_MS);
}

runMain('console', main);
