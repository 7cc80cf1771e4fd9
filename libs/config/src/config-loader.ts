/**
 * Loads one app's config: defaults < `-c` properties file < environment < command-line flags.
 * Every problem is collected first; then either one ConfigError lists them all, or a deep-frozen
 * typed config comes back with its provenance, warnings and notices. This is the only module that
 * touches process.env, and only as the default of the injected `env`.
 */
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parseCommandLine } from './command-line';
import { ConfigError } from './config-error';
import { ConfigIssue, configIssue, formatIssue } from './config-issue';
import { Env } from './config-keys';
import { BaseContext, resolveValues } from './config-resolver';
import { ConfigOf, ConfigSchema, KeyMap, ProvenanceOf } from './config-schema';
import { Assignment } from './config-source';
import { deepFreeze } from './deep-freeze';
import { readEnvLayer } from './env-source';
import { HostFacts, NODE_HOST_FACTS, NetworkInterfaces, firstExternalIPv4 } from './host-facts';
import { parseProperties } from './properties-parser';

export interface LoadOptions {
  /** Arguments after the script; defaults to process.argv.slice(2). */
  readonly argv?: readonly string[];
  /** Defaults to process.env. */
  readonly env?: Env;
  /** Reads the `-c` file as UTF-8 text; defaults to fs.readFileSync. */
  readonly readFile?: (filePath: string) => string;
  readonly networkInterfaces?: () => NetworkInterfaces;
  readonly hostname?: () => string;
  readonly cpuCount?: () => number;
}

export interface LoadResult<C> {
  readonly config: C;
  /** Per key: the source of its value and the spelling that set it. */
  readonly provenance: ProvenanceOf<C>;
  readonly warnings: readonly ConfigIssue[];
  /** Informational lines for the start-up log (spellings used, inert keys, file loaded). */
  readonly notices: readonly string[];
  /** `-p`: print formatConfig(config) and exit. */
  readonly printConfig: boolean;
  /** `-m`: print formatConfig(config, { only: importantKeys(schema) }) and exit. */
  readonly printImportantConfig: boolean;
  /** `-h`: print formatHelp(schema) and exit; config then holds defaults only and is not validated. */
  readonly help: boolean;
  readonly configFile: string | undefined;
}

export function loadConfig<K extends KeyMap>(
  schema: ConfigSchema<K>,
  options: LoadOptions = {},
): LoadResult<ConfigOf<K>> {
  const env = options.env ?? process.env;
  const cli = parseCommandLine(options.argv ?? process.argv.slice(2), schema.app);
  const issues: ConfigIssue[] = [...cli.issues];
  const layers: (readonly Assignment[])[] = [];
  const notices: string[] = [];
  if (!cli.help) {
    if (cli.configFile !== undefined) {
      const file = readConfigLayer(cli.configFile, options.readFile ?? readUtf8, issues);
      if (file !== undefined) notices.push(`loaded config file ${cli.configFile} (${file.length} keys)`);
      layers.push(file ?? []);
    }
    const envLayer = readEnvLayer(env, schema);
    issues.push(...envLayer.issues);
    layers.push(envLayer.assignments, cli.assignments);
  }
  const resolution = resolveValues(schema, layers, baseContext(env, cli.configFile, options));
  issues.push(...resolution.issues);
  const config = resolution.values as ConfigOf<K>;
  const provenance = resolution.provenance as ProvenanceOf<ConfigOf<K>>;
  // Cross-field checks run once every key parsed, so they never reason about a value that failed.
  if (!cli.help && !issues.some((i) => i.severity === 'error'))
    issues.push(...schema.check(config, provenance));
  issues.sort(bySource);
  const warnings = issues.filter((i) => i.severity === 'warning');
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 && !cli.help) throw new ConfigError(errors, warnings);
  notices.push(...issues.filter((i) => i.severity === 'notice').map(formatIssue));
  return deepFreeze({
    config,
    provenance,
    warnings,
    notices,
    printConfig: cli.printConfig,
    printImportantConfig: cli.printImportantConfig,
    help: cli.help,
    configFile: cli.configFile,
  });
}

const REPORT_ORDER: Readonly<Record<ConfigIssue['source']['kind'], number>> = {
  file: 0,
  env: 1,
  argv: 2,
  default: 3,
};

/** Reports read top to bottom: the file by line, then env, flags and derived defaults (stable within each). */
function bySource(a: ConfigIssue, b: ConfigIssue): number {
  const kind = REPORT_ORDER[a.source.kind] - REPORT_ORDER[b.source.kind];
  if (kind !== 0) return kind;
  return a.source.kind === 'file' && b.source.kind === 'file' ? a.source.line - b.source.line : 0;
}

function readUtf8(filePath: string): string {
  return readFileSync(filePath, 'utf8');
}

/**
 * The file layer, or undefined when the file cannot be read (an error naming the path). Java reads
 * .properties as ISO-8859-1; we read UTF-8, so non-ASCII values mean what the file's author typed.
 */
function readConfigLayer(
  filePath: string,
  readFile: (filePath: string) => string,
  issues: ConfigIssue[],
): readonly Assignment[] | undefined {
  let text: string;
  try {
    text = readFile(filePath);
  } catch (err) {
    const source = { kind: 'argv', arg: `-c ${filePath}` } as const;
    const code = (err as { code?: unknown } | null)?.code;
    const reason =
      code === 'ENOENT' ? 'not found' : `unreadable (${err instanceof Error ? err.message : String(err)})`;
    issues.push(configIssue('error', source, `config file ${filePath} ${reason}`));
    return undefined;
  }
  const parsed = parseProperties(text, path.basename(filePath));
  issues.push(...parsed.issues);
  return parsed.entries;
}

function baseContext(env: Env, configFile: string | undefined, options: LoadOptions): BaseContext {
  const host: HostFacts = {
    networkInterfaces: options.networkInterfaces ?? NODE_HOST_FACTS.networkInterfaces,
    hostname: options.hostname ?? NODE_HOST_FACTS.hostname,
    cpuCount: options.cpuCount ?? NODE_HOST_FACTS.cpuCount,
  };
  return {
    env,
    homeDir: env['HOME'] ?? env['USERPROFILE'] ?? os.homedir(),
    configFile,
    hostname: host.hostname,
    localIPv4: () => firstExternalIPv4(host.networkInterfaces()),
    cpuCount: host.cpuCount,
  };
}
