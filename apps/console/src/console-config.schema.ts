/** The console's config: its HTTP port (8080, like rocketmq-dashboard) and the NameServers it shows. */
import {
  ConfigOf,
  defineConfig,
  namesrvAddrKey,
  loadConfig,
  LoadOptions,
  LoadResult,
  portKey,
  stringKey,
} from '@rmq/config';

const CONSOLE_KEYS = {
  httpListenPort: portKey({
    default: 8080,
    description: 'HTTP port of the web UI and REST admin',
    important: true,
  }),
  bindAddress: stringKey({ default: '0.0.0.0', description: 'local address the HTTP server binds to' }),
  namesrvAddr: namesrvAddrKey('NameServers of the cluster to show, `host:port;host:port`'),
};

export type ConsoleConfig = ConfigOf<typeof CONSOLE_KEYS>;

export const CONSOLE_CONFIG_SCHEMA = defineConfig({ app: 'console', keys: CONSOLE_KEYS });

export function loadConsoleConfig(options: LoadOptions = {}): LoadResult<ConsoleConfig> {
  return loadConfig(CONSOLE_CONFIG_SCHEMA, options);
}
