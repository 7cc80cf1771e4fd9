/**
 * Broker entry point (`bin/mqbroker -c broker-a.properties [-n namesrv]`). This is the skeleton
 * of the foundation issue: it validates the full broker config and serves the ops endpoints;
 * the store and the request handlers arrive with the store and broker issues, so every remoting
 * request is answered with code 3 (REQUEST_CODE_NOT_SUPPORTED) for now.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { BROKER_CONFIG_SCHEMA, loadBrokerConfig } from '@rmq/config';
import { CoreModule, exitOnSignals, loadConfigOrExit, runMain, startApp } from '@rmq/nest-kit';
import { MetricsRegistry } from '@rmq/observability';

const SHUTDOWN_GRACE_MS = 10_000;

@Module({})
class BrokerModule {}

async function main(): Promise<void> {
  const { config, logger } = loadConfigOrExit('broker', BROKER_CONFIG_SCHEMA, () => loadBrokerConfig());
  const metrics = new MetricsRegistry('broker');
  const running = await startApp({
    module: { module: BrokerModule, imports: [CoreModule.forRoot({ config, logger, metrics })] },
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
    {
      brokerName: config.brokerName,
      brokerId: config.brokerId,
      listenPort: running.transport?.port,
      httpListenPort: running.httpPort,
    },
    'broker skeleton started (ops endpoints only; no message store yet)',
  );
  exitOnSignals(running, logger, SHUTDOWN_GRACE_MS);
}

runMain('broker', main);
