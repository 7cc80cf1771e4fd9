/**
 * NameServer entry point (`bin/mqnamesrv [-c namesrv.properties] [-p] [--key=value]`): loads the
 * config, builds the route table and serves remoting on listenPort and HTTP on httpListenPort.
 */
import 'reflect-metadata';
import { loadNamesrvConfig, NAMESRV_CONFIG_SCHEMA } from '@rmq/config';
import { exitOnSignals, loadConfigOrExit, runMain, startApp } from '@rmq/nest-kit';
import { MetricsRegistry } from '@rmq/observability';
import { KvConfigManager } from './kv/kv-config-manager';
import { NamesrvModule } from './namesrv.module';
import { BrokerRegistrationService } from './route/broker-registration.service';
import { RouteInfoManager } from './route/route-info-manager';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const { config, logger } = loadConfigOrExit('namesrv', NAMESRV_CONFIG_SCHEMA, () => loadNamesrvConfig());
  const routeLog = logger.child({ component: 'route-info' });
  const routes = new RouteInfoManager(
    Date.now,
    {
      brokerRegistered: (brokerAddr, first) => first && routeLog.info({ brokerAddr }, 'broker registered'),
      brokerRemoved: (brokerAddr, reason) => routeLog.warn({ brokerAddr, reason }, 'broker removed'),
    },
    config.brokerChannelExpiredTimeMs,
  );
  const kv = new KvConfigManager(config.kvConfigPath);
  kv.load();
  const registration = new BrokerRegistrationService(routes, kv);
  const metrics = new MetricsRegistry('namesrv');

  const running = await startApp({
    module: NamesrvModule.forRoot({ config, routes, kv, registration }, { config, logger, metrics }),
    logger,
    http: { port: config.httpListenPort, host: config.bindAddress },
    remoting: {
      port: config.listenPort,
      host: config.bindAddress,
      idleTimeoutMs: config.serverChannelMaxIdleTimeSeconds * 1000,
      shutdownGraceMs: SHUTDOWN_GRACE_MS,
      metrics,
      onChannelClose: (channel) => registration.channelClosed(channel),
    },
  });
  logger.info(
    { listenPort: running.transport?.port, httpListenPort: running.httpPort },
    'The Name Server boot success',
  );
  exitOnSignals(running, logger, SHUTDOWN_GRACE_MS);
}

runMain('namesrv', main);
