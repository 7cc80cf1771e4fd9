/**
 * Cross-field rules of the broker config. RocketMQ quietly forces brokerId 0 for masters and
 * always puts HA on listenPort + 1; here a contradiction is an error naming both sources, and
 * a deliberate departure from 4.x behaviour earns a notice.
 */
import path from 'node:path';
import { checkDistinctPorts, describeSetting, originOf } from './config-checks';
import { ConfigIssue, configIssue } from './config-issue';
import { Provenance } from './config-schema';
import { CONSUME_QUEUE_ENTRY_BYTES } from './message-store-config.keys';

/** The fields the checks read; the full BrokerConfig has them all. */
export interface BrokerCheckedFields {
  readonly brokerId: number;
  readonly brokerRole: string;
  readonly listenPort: number;
  readonly haListenPort: number;
  readonly httpListenPort: number;
  readonly haMasterAddress: string;
  readonly mappedFileSizeCommitLog: number;
  readonly mappedFileSizeConsumeQueue: number;
  readonly maxMessageSize: number;
  readonly storePathRootDir: string;
  readonly [key: string]: unknown;
}

type Provenances = Readonly<Record<string, Provenance>>;

export function checkBrokerConfig(config: BrokerCheckedFields, provenance: Provenances): ConfigIssue[] {
  return [
    ...checkRoleMatchesId(config, provenance),
    ...checkDistinctPorts(config, provenance, ['listenPort', 'haListenPort', 'httpListenPort']),
    ...checkFileSizes(config, provenance),
    ...remarkOnDepartures(config, provenance),
  ];
}

/** brokerId 0 ⇔ ASYNC_MASTER/SYNC_MASTER; brokerId > 0 ⇔ SLAVE. */
function checkRoleMatchesId(config: BrokerCheckedFields, provenance: Provenances): ConfigIssue[] {
  const isSlave = config.brokerRole === 'SLAVE';
  if (isSlave === config.brokerId > 0) return [];
  const rule = 'a master (ASYNC_MASTER, SYNC_MASTER) has brokerId 0, a SLAVE has brokerId > 0';
  const message =
    `${describeSetting(provenance, 'brokerId', config.brokerId)} does not match ` +
    `${describeSetting(provenance, 'brokerRole', config.brokerRole)}: ${rule}`;
  return [configIssue('error', originOf(provenance, 'brokerId').source, message, 'brokerId')];
}

function checkFileSizes(config: BrokerCheckedFields, provenance: Provenances): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (config.mappedFileSizeCommitLog <= config.maxMessageSize) {
    const other = describeSetting(provenance, 'maxMessageSize', config.maxMessageSize);
    const message = `${config.mappedFileSizeCommitLog} bytes cannot hold a message of ${other}`;
    issues.push(
      configIssue(
        'error',
        originOf(provenance, 'mappedFileSizeCommitLog').source,
        message,
        'mappedFileSizeCommitLog',
      ),
    );
  }
  const cq = originOf(provenance, 'mappedFileSizeConsumeQueue');
  if (cq.source.kind !== 'default') {
    const entries = config.mappedFileSizeConsumeQueue / CONSUME_QUEUE_ENTRY_BYTES;
    const message = `${config.mappedFileSizeConsumeQueue} bytes = ${entries} entries of ${CONSUME_QUEUE_ENTRY_BYTES} bytes per file`;
    issues.push(configIssue('notice', cq.source, message, 'mappedFileSizeConsumeQueue'));
  }
  return issues;
}

const LEGACY_STORE_PATHS: Readonly<Record<string, string>> = {
  storePathConsumeQueue: 'consumequeue',
  storePathIndex: 'index',
  storeCheckpoint: 'checkpoint',
  abortFile: 'abort',
};

/** Settings that RocketMQ 4.x would override or ignore, and a slave-only key set on a master. */
function remarkOnDepartures(config: BrokerCheckedFields, provenance: Provenances): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [key, name] of Object.entries(LEGACY_STORE_PATHS)) {
    const derived = path.join(config.storePathRootDir, name);
    const origin = originOf(provenance, key);
    if (origin.source.kind === 'default' || path.normalize(String(config[key])) === derived) continue;
    const message = `RocketMQ 4.x ignores this key and would use ${derived}; this broker uses ${String(config[key])}`;
    issues.push(configIssue('notice', origin.source, message, key));
  }
  const ha = originOf(provenance, 'haListenPort');
  if (ha.source.kind !== 'default' && config.haListenPort !== config.listenPort + 1) {
    const message = `RocketMQ 4.x always uses listenPort + 1 (${config.listenPort + 1}); this broker uses ${config.haListenPort}`;
    issues.push(configIssue('notice', ha.source, message, 'haListenPort'));
  }
  if (config.haMasterAddress !== '' && config.brokerRole !== 'SLAVE') {
    const message = `only a SLAVE uses it, and ${describeSetting(provenance, 'brokerRole', config.brokerRole)} is a master`;
    issues.push(
      configIssue('warning', originOf(provenance, 'haMasterAddress').source, message, 'haMasterAddress'),
    );
  }
  return issues;
}
