/**
 * The HA replicator's config. For now: where it listens and which NameServers it watches; the
 * in-sync-replica and failover settings arrive with the HA issue.
 */
import {
  checkDistinctPorts,
  ConfigOf,
  defineConfig,
  namesrvAddrKey,
  loadConfig,
  LoadOptions,
  LoadResult,
  portKey,
  stringKey,
} from '@rmq/config';

const HA_REPLICATOR_KEYS = {
  listenPort: portKey({ default: 9878, description: 'remoting (TCP) port brokers talk to', important: true }),
  httpListenPort: portKey({
    default: (ctx) => ctx.int('listenPort') + 1,
    derivation: 'listenPort + 1',
    description: 'HTTP port for /metrics, /health and the REST admin',
  }),
  bindAddress: stringKey({ default: '0.0.0.0', description: 'local address the servers bind to' }),
  namesrvAddr: namesrvAddrKey('NameServers to watch, `host:port;host:port`'),
};

export type HaReplicatorConfig = ConfigOf<typeof HA_REPLICATOR_KEYS>;

export const HA_REPLICATOR_CONFIG_SCHEMA = defineConfig({
  app: 'ha-replicator',
  keys: HA_REPLICATOR_KEYS,
  checks: (config, provenance) => checkDistinctPorts(config, provenance, ['listenPort', 'httpListenPort']),
});

export function loadHaReplicatorConfig(options: LoadOptions = {}): LoadResult<HaReplicatorConfig> {
  return loadConfig(HA_REPLICATOR_CONFIG_SCHEMA, options);
}
