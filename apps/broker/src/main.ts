/**
 * Broker entry point (`bin/mqbroker -c broker-a.properties [-n namesrv]`): loads and validates the
 * config, recovers the store, serves remoting on listenPort and HTTP (metrics, health, REST admin)
 * on httpListenPort, and registers with every NameServer. SIGTERM/SIGINT (bin/mqshutdown broker)
 * stops it gracefully: held pulls answered, unregistered, requests finished, store flushed.
 */
import 'reflect-metadata';
import { BROKER_CONFIG_SCHEMA, loadBrokerConfig } from '@rmq/config';
import { exitOnSignals, loadConfigOrExit, Readiness, runMain, startApp } from '@rmq/nest-kit';
import { MetricsRegistry } from '@rmq/observability';
import { BrokerController } from './broker-controller';
import { BrokerModule } from './broker.module';

const SHUTDOWN_GRACE_MS = 10_000;
/** Held pulls plus sends and admin calls in progress: well above the long-poll cap. */
const HANDLER_CONCURRENCY_MAX = 8192;

async function main(): Promise<void> {
  const { config, logger } = loadConfigOrExit('broker', BROKER_CONFIG_SCHEMA, () => loadBrokerConfig());
  const broker = new BrokerController(config, logger);
  await broker.start();
  const metrics = new MetricsRegistry('broker');
  const readiness = new Readiness();
  readiness.register(
    'broker',
    () => broker.ready || 'store not started or not registered with a name server',
  );
  const running = await startApp({
    module: BrokerModule.forRoot(broker, { config, logger, metrics, readiness }),
    logger,
    http: { port: config.httpListenPort, host: config.bindAddress },
    remoting: {
      port: config.listenPort,
      host: config.bindAddress,
      idleTimeoutMs: config.serverChannelMaxIdleTimeSeconds * 1000,
      handlerConcurrencyMax: HANDLER_CONCURRENCY_MAX,
      shutdownGraceMs: SHUTDOWN_GRACE_MS,
      metrics,
      onChannelClose: (channel) => broker.channelClosed(channel),
    },
    beforeClose: () => broker.prepareStop(),
    beforeExit: () => broker.shutdown(),
  });
  logger.info(
    {
      brokerName: config.brokerName,
      brokerId: config.brokerId,
      brokerAddr: broker.registrar.brokerAddr,
      listenPort: running.transport?.port,
      httpListenPort: running.httpPort,
      namesrvAddr: config.namesrvAddr.join(';'),
    },
    `The broker[${config.brokerName}, ${broker.registrar.brokerAddr}] boot success.`,
  );
  exitOnSignals(running, logger, SHUTDOWN_GRACE_MS);
}

runMain('broker', main);
