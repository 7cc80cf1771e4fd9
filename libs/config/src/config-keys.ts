/**
 * Declarative key specs: name-independent type, default (constant or derived from other keys and
 * host facts), validation, aliases and a one-line description. Schemas are built from these.
 */
import {
  ParseResult,
  checkRange,
  ok,
  parseBoolean,
  parseEnum,
  parseHostPortList,
  parseInt32,
  parseInt64,
} from './value-parsers';

export type Env = Readonly<Record<string, string | undefined>>;

export type KeyKind = 'int' | 'long' | 'boolean' | 'string' | 'enum' | 'hostPortList';

/** What a derived default may look at. Host facts are read lazily, only when a default needs them. */
export interface DefaultContext {
  readonly env: Env;
  readonly homeDir: string;
  /** The `-c` file as given, if any. */
  readonly configFile: string | undefined;
  hostname(): string;
  /** The first non-internal IPv4 address of the host, else 127.0.0.1. */
  localIPv4(): string;
  cpuCount(): number;
  /** The value of another int/long key (given or defaulted). */
  int(key: string): number;
  /** The value of another string key (given or defaulted). */
  string(key: string): string;
}

export type DefaultFn<T> = (ctx: DefaultContext) => T;

export interface Adjustment<T> {
  readonly value: T;
  readonly message: string;
}

export interface KeySpec<T> {
  readonly kind: KeyKind;
  readonly description: string;
  readonly default: DefaultFn<T>;
  /** How a derived default is computed, e.g. `listenPort + 1`; shown in sources and help. */
  readonly derivation: string | undefined;
  /** Other accepted spellings (e.g. RocketMQ 3.x's `mapedFileSizeCommitLog`); the name wins over them. */
  readonly aliases: readonly string[];
  /** Environment variables read besides `RMQ_<KEY>` (e.g. RocketMQ's own `NAMESRV_ADDR`). */
  readonly envAliases: readonly string[];
  /** Printed by `mqbroker -m` (RocketMQ's @ImportantField). */
  readonly important: boolean;
  readonly members: readonly string[] | undefined;
  parse(raw: string): ParseResult<T>;
  /** A message when the value is not allowed. */
  check(value: T): string | undefined;
  /** A corrected value and a warning, for values RocketMQ silently rounds or clamps. */
  adjust(value: T): Adjustment<T> | undefined;
  format(value: T): string;
}

export interface KeyOptions<T> {
  readonly description: string;
  readonly default: T | DefaultFn<T>;
  readonly derivation?: string;
  readonly aliases?: readonly string[];
  readonly envAliases?: readonly string[];
  readonly important?: boolean;
  readonly validate?: (value: T) => string | undefined;
  readonly adjust?: (value: T) => Adjustment<T> | undefined;
}

export interface NumberKeyOptions extends KeyOptions<number> {
  readonly min?: number;
  readonly max?: number;
}

function buildKey<T>(
  kind: KeyKind,
  options: KeyOptions<T>,
  parse: (raw: string) => ParseResult<T>,
  extra: {
    check?: (value: T) => string | undefined;
    format?: (value: T) => string;
    members?: readonly string[];
  },
): KeySpec<T> {
  const given = options.default;
  const defaultFn: DefaultFn<T> = isDefaultFn(given) ? given : () => given;
  return Object.freeze({
    kind,
    description: options.description,
    default: defaultFn,
    derivation: options.derivation,
    aliases: options.aliases ?? [],
    envAliases: options.envAliases ?? [],
    important: options.important ?? false,
    members: extra.members,
    parse,
    check: (value: T) => extra.check?.(value) ?? options.validate?.(value),
    adjust: (value: T) => options.adjust?.(value),
    format: extra.format ?? ((value: T) => String(value)),
  });
}

function isDefaultFn<T>(value: T | DefaultFn<T>): value is DefaultFn<T> {
  return typeof value === 'function';
}

/** A Java `int`. */
export function intKey(options: NumberKeyOptions): KeySpec<number> {
  return buildKey('int', options, parseInt32, { check: (v) => checkRange(v, options.min, options.max) });
}

/** A Java `long`, limited to JavaScript's safe integers. */
export function longKey(options: NumberKeyOptions): KeySpec<number> {
  return buildKey('long', options, parseInt64, { check: (v) => checkRange(v, options.min, options.max) });
}

/** A TCP port, 1..65535. */
export function portKey(options: KeyOptions<number>): KeySpec<number> {
  return intKey({ ...options, min: 1, max: 65535 });
}

export function boolKey(options: KeyOptions<boolean>): KeySpec<boolean> {
  return buildKey('boolean', options, parseBoolean, {});
}

export function stringKey(options: KeyOptions<string>): KeySpec<string> {
  return buildKey('string', options, (raw) => ok(raw), {});
}

/** One of `members`, matched exactly as Java's Enum.valueOf does. */
export function enumKey<const M extends string>(members: readonly M[], options: KeyOptions<M>): KeySpec<M> {
  return buildKey('enum', options, (raw) => parseEnum(raw, members), { members });
}

/** `host:port;host:port` (RocketMQ's namesrvAddr format), held as a list of `host:port` strings. */
export function hostPortListKey(options: KeyOptions<readonly string[]>): KeySpec<readonly string[]> {
  return buildKey('hostPortList', options, parseHostPortList, { format: (v) => v.join(';') });
}

/** RocketMQ's `namesrvAddr` (also read from NAMESRV_ADDR), as every app that talks to NameServers has it. */
export function namesrvAddrKey(description: string): KeySpec<readonly string[]> {
  return hostPortListKey({ default: [], envAliases: ['NAMESRV_ADDR'], important: true, description });
}
