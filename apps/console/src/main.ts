/**
 * Console entry point. Until the console issue lands it serves only its ops endpoints
 * (`/health`, `/ready`, `/metrics`).
 */
import 'reflect-metadata';
import { loadConfigOrExit, runMain, startOpsOnlyApp } from '@rmq/nest-kit';
import { CONSOLE_CONFIG_SCHEMA, loadConsoleConfig } from './console-config.schema';

async function main(): Promise<void> {
  const { config, logger } = loadConfigOrExit('console', CONSOLE_CONFIG_SCHEMA, () => loadConsoleConfig());
  const running = await startOpsOnlyApp({
    app: 'console',
    config,
    logger,
    http: { port: config.httpListenPort, host: config.bindAddress },
    shutdownGraceMs: 5_000,
  });
  logger.info({ httpListenPort: running.httpPort }, 'console started (ops endpoints only)');
}

runMain('console', main);
