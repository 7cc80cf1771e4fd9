/**
 * @rmq/config: RocketMQ .properties loading and typed, validated, frozen config per app. The only
 * place in the project that reads process.env (through the injected `env` of loadConfig).
 * Precedence: defaults < `-c` file < env (`RMQ_<KEY_IN_UPPER_SNAKE>`, e.g. RMQ_BROKER_IP1, plus
 * RocketMQ's NAMESRV_ADDR and ROCKETMQ_HOME) < flags (`--key=value`, `-n`). A value's source and
 * spelling: `result.provenance.<key>`.
 */
export { parseProperties } from './properties-parser';
export type { PropertiesParseResult } from './properties-parser';
export { parseCommandLine, commandLineUsage } from './command-line';
export type { CliApp, CommandLine } from './command-line';
export { ConfigError, isConfigError } from './config-error';
export { formatIssue } from './config-issue';
export type { ConfigIssue, ConfigIssueSeverity } from './config-issue';
export { describeSource } from './config-source';
export type { Assignment, ConfigSource } from './config-source';
export {
  boolKey,
  enumKey,
  hostPortListKey,
  intKey,
  longKey,
  namesrvAddrKey,
  portKey,
  stringKey,
} from './config-keys';
export type { DefaultContext, Env, KeyKind, KeyOptions, KeySpec, NumberKeyOptions } from './config-keys';
export { ENV_PREFIX, defineConfig, envVarName, importantKeys } from './config-schema';
export type { ConfigOf, ConfigSchema, KeyMap, Provenance, ProvenanceOf } from './config-schema';
export { checkDistinctPorts, describeSetting } from './config-checks';
export { loadConfig } from './config-loader';
export type { LoadOptions, LoadResult } from './config-loader';
export { formatConfig, formatHelp, formatValue } from './config-format';
export { firstExternalIPv4 } from './host-facts';
export type { NetworkInterfaces } from './host-facts';
export { parseHostPort, parseHostPortList } from './value-parsers';
export {
  NAMESRV_CONFIG_SCHEMA,
  NAMESRV_LISTEN_PORT_DEFAULT,
  loadNamesrvConfig,
} from './namesrv-config.schema';
export type { NamesrvConfig } from './namesrv-config.schema';
export { BROKER_CONFIG_SCHEMA, loadBrokerConfig } from './broker-config.schema';
export type { BrokerConfig } from './broker-config.schema';
export { BROKER_LISTEN_PORT_DEFAULT, MASTER_BROKER_ID } from './broker-config.keys';
export { BROKER_ROLES, CONSUME_QUEUE_ENTRY_BYTES, FLUSH_DISK_TYPES } from './message-store-config.keys';
export type { BrokerRole, FlushDiskType } from './message-store-config.keys';
export * from './tool-options';
