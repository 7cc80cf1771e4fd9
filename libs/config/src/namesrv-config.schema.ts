/**
 * The name server's config: RocketMQ's NamesrvConfig and NettyServerConfig keys (listenPort 9876
 * as NamesrvStartup sets it) plus ours, whose names carry their unit: httpListenPort, bindAddress,
 * brokerScanIntervalMs and brokerChannelExpiredTimeMs (constants in RocketMQ).
 */
import path from 'node:path';
import { checkDistinctPorts } from './config-checks';
import { boolKey, intKey, portKey, stringKey } from './config-keys';
import { LoadOptions, LoadResult, loadConfig } from './config-loader';
import { ConfigOf, defineConfig } from './config-schema';
import { noBlanks } from './key-validators';
import { NAMESRV_INERT_KEYS } from './rocketmq-inert-keys';

export const NAMESRV_LISTEN_PORT_DEFAULT = 9876;

const NAMESRV_KEYS = {
  rocketmqHome: stringKey({
    default: '',
    envAliases: ['ROCKETMQ_HOME'],
    description: 'RocketMQ installation directory (RocketMQ reads it from ROCKETMQ_HOME)',
  }),
  kvConfigPath: stringKey({
    default: (ctx) => path.join(ctx.homeDir, 'namesrv', 'kvConfig.json'),
    derivation: '$HOME/namesrv/kvConfig.json',
    validate: noBlanks,
    description: 'file holding the KV config (namespace → key → value) set through the admin API',
  }),
  configStorePath: stringKey({
    default: (ctx) => ctx.configFile ?? path.join(ctx.homeDir, 'namesrv', 'namesrv.properties'),
    derivation: 'the -c file, else $HOME/namesrv/namesrv.properties',
    validate: noBlanks,
    description: 'where config updated through the admin API is persisted',
  }),
  orderMessageEnable: boolKey({
    default: false,
    description: 'return ordered-topic config (ORDER_TOPIC_CONFIG KV namespace) with routes',
  }),
  listenPort: portKey({ default: NAMESRV_LISTEN_PORT_DEFAULT, description: 'remoting (TCP) port' }),
  httpListenPort: portKey({
    default: (ctx) => ctx.int('listenPort') + 1,
    derivation: 'listenPort + 1',
    description: 'HTTP port for /metrics, /health and the REST admin',
  }),
  bindAddress: stringKey({
    default: '0.0.0.0',
    validate: noBlanks,
    description: 'local address the remoting and HTTP servers bind to',
  }),
  serverChannelMaxIdleTimeSeconds: intKey({
    default: 120,
    min: 0,
    description: 'close a client connection idle this long (0 = never)',
  }),
  brokerScanIntervalMs: intKey({
    default: 10_000,
    min: 1,
    description: 'how often to look for brokers that stopped registering',
  }),
  brokerChannelExpiredTimeMs: intKey({
    default: 120_000,
    min: 1,
    description: 'drop a broker not heard from for this long (RocketMQ BROKER_CHANNEL_EXPIRED_TIME)',
  }),
};

export type NamesrvConfigKeys = typeof NAMESRV_KEYS;
export type NamesrvConfig = ConfigOf<NamesrvConfigKeys>;

export const NAMESRV_CONFIG_SCHEMA = defineConfig({
  app: 'namesrv',
  keys: NAMESRV_KEYS,
  inertKeys: NAMESRV_INERT_KEYS,
  checks: (config, provenance) => checkDistinctPorts(config, provenance, ['listenPort', 'httpListenPort']),
});

export function loadNamesrvConfig(options: LoadOptions = {}): LoadResult<NamesrvConfig> {
  return loadConfig(NAMESRV_CONFIG_SCHEMA, options);
}
