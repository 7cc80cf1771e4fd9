/**
 * A config schema: named key specs plus cross-field checks, the RocketMQ keys accepted but inert,
 * and the derived lookups (spelling → key, env var → spelling). Definition-time mistakes (a
 * spelling or env name claimed twice) are bugs and throw at once.
 */
import { ConfigIssue } from './config-issue';
import { KeySpec } from './config-keys';
import { ConfigSource } from './config-source';
import type { CliApp } from './command-line';

export type KeyMap = Readonly<Record<string, KeySpec<unknown>>>;

/** The typed config object a key map describes. */
export type ConfigOf<K extends KeyMap> = { readonly [P in keyof K]: ReturnType<K[P]['default']> };

/** Where a key's effective value came from, and the spelling that set it (the key or an alias). */
export interface Provenance {
  readonly source: ConfigSource;
  readonly spelling: string;
}

export type ProvenanceOf<C> = { readonly [P in keyof C]: Provenance };

export type ConfigCheck<C> = (config: C, provenance: ProvenanceOf<C>) => readonly ConfigIssue[];

export interface ConfigSchemaDefinition<K extends KeyMap> {
  /** Which command line the app has (option letters). */
  readonly app: CliApp;
  readonly keys: K;
  readonly checks?: ConfigCheck<ConfigOf<K>>;
  /** RocketMQ keys that have no effect here: accepted with a notice, not an unknown-key warning. */
  readonly inertKeys?: readonly string[];
  /** RocketMQ keys for features this implementation lacks: accepted with a warning. */
  readonly unsupportedKeys?: readonly string[];
}

export interface ConfigSchema<K extends KeyMap> {
  readonly app: CliApp;
  readonly keys: K;
  readonly check: ConfigCheck<ConfigOf<K>>;
  readonly inertKeys: ReadonlySet<string>;
  readonly unsupportedKeys: ReadonlySet<string>;
  /** Every accepted spelling (key or alias) → its key. */
  readonly spellings: ReadonlyMap<string, string>;
  /** Every environment variable read → the spelling it sets. */
  readonly envVars: ReadonlyMap<string, string>;
}

export const ENV_PREFIX = 'RMQ_';

/** `listenPort` → `RMQ_LISTEN_PORT`, `brokerIP1` → `RMQ_BROKER_IP1`, `checkCRCOnRecover` → `RMQ_CHECK_CRC_ON_RECOVER`. */
export function envVarName(key: string): string {
  const snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2');
  return ENV_PREFIX + snake.toUpperCase();
}

export function defineConfig<K extends KeyMap>(definition: ConfigSchemaDefinition<K>): ConfigSchema<K> {
  const spellings = new Map<string, string>();
  const envVars = new Map<string, string>();
  const claim = <V>(map: Map<string, V>, name: string, value: V): void => {
    if (map.has(name)) throw new Error(`config schema bug: '${name}' is claimed twice`);
    map.set(name, value);
  };
  const nativeEnv: [string, string][] = [];
  for (const [key, spec] of Object.entries(definition.keys)) {
    for (const spelling of [key, ...spec.aliases]) {
      claim(spellings, spelling, key);
      claim(envVars, envVarName(spelling), spelling);
    }
    for (const variable of spec.envAliases) nativeEnv.push([variable, key]);
  }
  for (const [variable, key] of nativeEnv) claim(envVars, variable, key);
  const inertKeys = new Set(definition.inertKeys ?? []);
  const unsupportedKeys = new Set(definition.unsupportedKeys ?? []);
  for (const name of [...inertKeys, ...unsupportedKeys]) {
    if (spellings.has(name)) throw new Error(`config schema bug: '${name}' is both a key and ignored`);
  }
  return Object.freeze({
    app: definition.app,
    keys: definition.keys,
    check: definition.checks ?? (() => []),
    inertKeys,
    unsupportedKeys,
    spellings,
    envVars,
  });
}

/** The keys `mqbroker -m` prints. */
export function importantKeys<K extends KeyMap>(schema: ConfigSchema<K>): string[] {
  return Object.keys(schema.keys).filter((key) => schema.keys[key]?.important === true);
}
