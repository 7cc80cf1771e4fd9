/**
 * Command lines of RocketMQ's tools (`benchmark producer -n ns -t topic -w 64`, `mqadmin updateTopic
 * -n ns -c cluster -t topic`): single-letter options with a value each, as Apache Commons CLI parses
 * them, plus long options (`--seconds N`). Unknown options and bad values stop with a message naming
 * them. (Apps take `--key=value` config flags instead: see command-line.ts.)
 */
export type OptionKind = 'string' | 'int' | 'bool' | 'number';

export interface OptionSpec {
  /** `-w` */
  short?: string;
  /** `--threadCount` */
  long: string;
  kind: OptionKind;
  description: string;
}

export type ParsedOptions = Map<string, string>;

export class ToolUsageError extends Error {}

/** Parses `args` against `specs`; the map is keyed by each option's long name. */
export function parseToolOptions(args: readonly string[], specs: readonly OptionSpec[]): ParsedOptions {
  const byName = new Map<string, OptionSpec>();
  for (const spec of specs) {
    byName.set(`--${spec.long}`, spec);
    if (spec.short) byName.set(`-${spec.short}`, spec);
  }
  const parsed: ParsedOptions = new Map();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const spec = byName.get(name);
    if (spec === undefined) throw new ToolUsageError(`unknown option '${arg}'`);
    const value = name === arg ? args[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new ToolUsageError(`option ${name} needs a value`);
    checkValue(spec, name, value);
    parsed.set(spec.long, value);
  }
  return parsed;
}

function checkValue(spec: OptionSpec, name: string, value: string): void {
  const bad = (what: string): never => {
    throw new ToolUsageError(`option ${name} must be ${what}, got '${value}'`);
  };
  if (spec.kind === 'int' && !/^\d+$/.test(value)) bad('a whole number');
  if (spec.kind === 'number' && !Number.isFinite(Number(value))) bad('a number');
  if (spec.kind === 'bool' && value !== 'true' && value !== 'false') bad('true or false');
}

export function usage(command: string, specs: readonly OptionSpec[]): string {
  const lines = specs.map(
    (s) => `  ${s.short ? `-${s.short}, ` : '    '}--${s.long} <${s.kind}>  ${s.description}`,
  );
  return [`usage: ${command} [options]`, ...lines].join('\n');
}

export function stringOption(parsed: ParsedOptions, name: string, fallback: string): string {
  return parsed.get(name) ?? fallback;
}

export function intOption(parsed: ParsedOptions, name: string, fallback: number): number {
  const value = parsed.get(name);
  return value === undefined ? fallback : Number(value);
}

export function boolOption(parsed: ParsedOptions, name: string, fallback: boolean): boolean {
  const value = parsed.get(name);
  return value === undefined ? fallback : value === 'true';
}

export function numberOption(parsed: ParsedOptions, name: string, fallback: number): number {
  const value = parsed.get(name);
  return value === undefined ? fallback : Number(value);
}

/** The NameServer a tool talks to without `-n`: NAMESRV_ADDR, as RocketMQ's tools read it, else the local one. */
export function defaultNamesrvAddr(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fromEnv = env['NAMESRV_ADDR']?.trim();
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : '127.0.0.1:9876';
}
