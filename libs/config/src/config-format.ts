/**
 * Text renderings of a config: `key=value` lines sorted by key (what `-p` and `-m` print, as
 * `mqbroker -p` does) and the `-h` help listing every key with its type, default and env variable.
 */
import { commandLineUsage } from './command-line';
import { DefaultContext, KeySpec } from './config-keys';
import { ConfigSchema, KeyMap, envVarName } from './config-schema';

export interface FormatConfigOptions {
  /** Print only these keys (e.g. importantKeys(schema) for `-m`). */
  readonly only?: readonly string[];
}

export function formatValue(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(';') : String(value);
}

export function formatConfig(config: object, options: FormatConfigOptions = {}): string {
  const only = options.only === undefined ? undefined : new Set(options.only);
  return Object.entries(config)
    .filter(([key]) => only === undefined || only.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join('\n');
}

export function formatHelp<K extends KeyMap>(schema: ConfigSchema<K>): string {
  const lines = [
    ...commandLineUsage(schema.app),
    '',
    'keys (file key=value, env RMQ_<KEY>, flag --key=value):',
  ];
  for (const [key, spec] of Object.entries(schema.keys).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const env = [envVarName(key), ...spec.envAliases].join(', ');
    const aliases = spec.aliases.length > 0 ? `; also ${spec.aliases.join(', ')}` : '';
    lines.push(`  ${key}=${describeDefault(spec)}  (${typeName(spec)}; env ${env}${aliases})`);
    lines.push(`      ${spec.description}`);
  }
  return lines.join('\n');
}

function typeName(spec: KeySpec<unknown>): string {
  return spec.members === undefined ? spec.kind : spec.members.join('|');
}

const NO_CONTEXT: DefaultContext = new Proxy({} as DefaultContext, {
  get: () => {
    throw new Error('derived default');
  },
});

/** A constant default as text, or `<derivation>` for a derived one. */
function describeDefault(spec: KeySpec<unknown>): string {
  if (spec.derivation !== undefined) return `<${spec.derivation}>`;
  try {
    return formatValue(spec.default(NO_CONTEXT));
  } catch {
    return '<derived>';
  }
}
