/**
 * HA replicator entry point. Until the HA issue lands it serves only its ops endpoints
 * (`/health`, `/ready`, `/metrics`) and answers every remoting request with code 3.
 */
import 'reflect-metadata';
import { loadConfigOrExit, runMain, startOpsOnlyApp } from '@rmq/nest-kit';
import { HA_REPLICATOR_CONFIG_SCHEMA, loadHaReplicatorConfig } from './ha-replicator-config.schema';

async function main(): Promise<void> {
  const { config, logger } = loadConfigOrExit('ha-replicator', HA_REPLICATOR_CONFIG_SCHEMA, () =>
    loadHaReplicatorConfig(),
  );
  const running = await startOpsOnlyApp({
    app: 'ha-replicator',
    config,
    logger,
    http: { port: config.httpListenPort, host: config.bindAddress },
    remoting: { port: config.listenPort, host: config.bindAddress },
    shutdownGraceMs: 5_000,
  });
  logger.info(
    { listenPort: running.transport?.port, httpListenPort: running.httpPort },
    'ha-replicator started (ops endpoints only)',
  );
}

runMain('ha-replicator', main);
