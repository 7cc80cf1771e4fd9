/**
 * Broker entry point (`bin/mqbroker -c broker-a.properties [-n namesrv]`). This is the skeleton
 * of the foundation issue: it validates the full broker config and serves the ops endpoints;
 * the request handlers arrive with the broker issue, so every remoting request is answered with
 * code 3 (REQUEST_CODE_NOT_SUPPORTED) for now.
 */
import 'reflect-metadata';
import { BROKER_CONFIG_SCHEMA, loadBrokerConfig } from '@rmq/config';
import { loadConfigOrExit, runMain, startOpsOnlyApp } from '@rmq/nest-kit';

async function main(): Promise<void> {
  const { config, logger } = loadConfigOrExit('broker', BROKER_CONFIG_SCHEMA, () => loadBrokerConfig());
  const running = await startOpsOnlyApp({
    app: 'broker',
    config,
    logger,
    http: { port: config.httpListenPort, host: config.bindAddress },
    remoting: { port: config.listenPort, host: config.bindAddress },
    shutdownGraceMs: 10_000,
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
}

runMain('broker', main);
