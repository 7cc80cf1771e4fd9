/**
 * The broker's config: one flat object of BrokerConfig, NettyServerConfig and MessageStoreConfig
 * keys, as RocketMQ's `mqbroker -c` file mixes them, validated key by key and then across keys.
 */
import { BROKER_BEHAVIOUR_KEYS, BROKER_IDENTITY_KEYS } from './broker-config.keys';
import { checkBrokerConfig } from './broker-config.checks';
import { LoadOptions, LoadResult, loadConfig } from './config-loader';
import { ConfigOf, defineConfig } from './config-schema';
import {
  STORE_FILE_KEYS,
  STORE_FLUSH_KEYS,
  STORE_HA_KEYS,
  STORE_PATH_KEYS,
  STORE_RETENTION_KEYS,
  STORE_TRANSFER_KEYS,
} from './message-store-config.keys';
import { BROKER_INERT_KEYS, BROKER_UNSUPPORTED_KEYS } from './rocketmq-inert-keys';

const BROKER_KEYS = {
  ...BROKER_IDENTITY_KEYS,
  ...BROKER_BEHAVIOUR_KEYS,
  ...STORE_PATH_KEYS,
  ...STORE_FILE_KEYS,
  ...STORE_FLUSH_KEYS,
  ...STORE_RETENTION_KEYS,
  ...STORE_TRANSFER_KEYS,
  ...STORE_HA_KEYS,
};

export type BrokerConfigKeys = typeof BROKER_KEYS;
export type BrokerConfig = ConfigOf<BrokerConfigKeys>;

export const BROKER_CONFIG_SCHEMA = defineConfig({
  app: 'broker',
  keys: BROKER_KEYS,
  inertKeys: BROKER_INERT_KEYS,
  unsupportedKeys: BROKER_UNSUPPORTED_KEYS,
  checks: checkBrokerConfig,
});

export function loadBrokerConfig(options: LoadOptions = {}): LoadResult<BrokerConfig> {
  return loadConfig(BROKER_CONFIG_SCHEMA, options);
}
