/**
 * HA replicator entry point. Until the HA issue lands it serves only its ops endpoints
 * (`/health`, `/ready`, `/metrics`) and answers every remoting request with code 3.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { CoreModule, exitOnSignals, loadConfigOrExit, runMain, startApp } from '@rmq/nest-kit';
import { MetricsRegistry } from '@rmq/observability';
import { HA_REPLICATOR_CONFIG_SCHEMA, loadHaReplicatorConfig } from './ha-replicator-config.schema';

const SHUTDOWN_GRACE_MS = 5_000;

@Module({})
class HaReplicatorModule {}

async function main(): Promise<void> {
  const { config, logger } = loadConfigOrExit('ha-replicator', HA_REPLICATOR_CONFIG_SCHEMA, () =>
    loadHaReplicatorConfig(),
  );
  const metrics = new MetricsRegistry('ha-replicator');
  const running = await startApp({
    module: { module: HaReplicatorModule, imports: [CoreModule.forRoot({ config, logger, metrics })] },
    logger,
    http: { port: config.httpListenPort, host: config.bindAddress },
    remoting: {
      port: config.listenPort,
      host: config.bindAddress,
      shutdownGraceMs: SHUTDOWN_GRACE_MS,
      metrics,
    },
  });
  logger.info(
    { listenPort: running.transport?.port, httpListenPort: running.httpPort },
    'ha-replicator started (ops endpoints only)',
  );
  exitOnSignals(running, logger, SHUTDOWN_GRACE_MS);
}

runMain('ha-replicator', main);
