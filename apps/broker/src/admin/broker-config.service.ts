/**
 * GET_BROKER_CONFIG / UPDATE_BROKER_CONFIG: the broker's effective config as `key=value` lines,
 * and runtime changes limited to keys whose every reader looks the value up per use, so a change
 * takes effect at once and cannot leave half the broker on the old value. Everything else (ports,
 * paths, store sizes, timers started at boot, identity) is refused with a remark naming the keys;
 * nothing is applied unless every key of the request is accepted. Changes live in memory only,
 * like RocketMQ's (which also rewrites the -c file; this broker leaves the operator's file alone).
 */
import { BROKER_CONFIG_SCHEMA, formatConfig, KeyMap, parseProperties } from '@rmq/config';
import { DataVersion, nextDataVersion } from '@rmq/protocol';
import type { BrokerController } from '../broker-controller';
import { BadRequestError } from '../errors/broker.errors';
import { ConfigNotUpdatableError } from './admin.errors';

/** Keys read per request (send/pull checks, notify, query) or per registration round. */
export const RUNTIME_UPDATABLE_KEYS: ReadonlySet<string> = new Set([
  'brokerPermission',
  'longPollingEnable',
  'shortPollingTimeMills',
  'notifyConsumerIdsChangedEnable',
  'slaveReadEnable',
  'defaultQueryMaxNum',
]);

export interface ConfigUpdate {
  /** key → new value, as applied. */
  changed: Record<string, unknown>;
}

export class BrokerConfigService {
  private version: DataVersion;

  constructor(
    private readonly broker: BrokerController,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.version = { timestamp: broker.bootTimestamp, counter: 0 };
  }

  get dataVersion(): DataVersion {
    return this.version;
  }

  /** RocketMQ's getAllConfigsFormatString: one `key=value` line per key, sorted. */
  configText(): string {
    return `${formatConfig(this.broker.config)}\n`;
  }

  /** Applies a properties text; all keys are validated before any is applied. */
  async update(text: string): Promise<ConfigUpdate> {
    const parsed = parseProperties(text, 'UPDATE_BROKER_CONFIG');
    const errors = parsed.issues.filter((i) => i.severity === 'error');
    if (errors.length > 0)
      throw new BadRequestError(`bad properties: ${errors.map((i) => i.message).join('; ')}`);
    if (parsed.entries.length === 0) throw new BadRequestError('no key=value in the request body');
    const refused = parsed.entries.map((e) => e.key).filter((key) => !RUNTIME_UPDATABLE_KEYS.has(key));
    if (refused.length > 0) {
      throw new ConfigNotUpdatableError(
        `cannot change [${refused.join(', ')}] while the broker runs; keys changeable at runtime: ` +
          `${[...RUNTIME_UPDATABLE_KEYS].join(', ')}. Change the others in the config file and restart.`,
        refused,
      );
    }
    const changed: Record<string, unknown> = {};
    for (const { key, value } of parsed.entries) changed[key] = parseValue(key, value);
    // The controller holds a private mutable copy of the loaded (frozen) config for exactly this.
    Object.assign(this.broker.config as Record<string, unknown>, changed);
    this.version = nextDataVersion(this.version, this.nowMs());
    if ('brokerPermission' in changed) await this.broker.registrar.registerAll();
    return { changed };
  }
}

function parseValue(key: string, raw: string): unknown {
  const keys: KeyMap = BROKER_CONFIG_SCHEMA.keys;
  const spec = keys[key];
  if (spec === undefined) throw new BadRequestError(`unknown config key ${key}`);
  const result = spec.parse(raw.trim());
  if (!result.ok) throw new BadRequestError(`${key}=${raw}: ${result.message}`, { key });
  const problem = spec.check(result.value);
  if (problem !== undefined) throw new BadRequestError(`${key}=${raw}: ${problem}`, { key });
  return result.value;
}
