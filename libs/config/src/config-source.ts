/**
 * Where a configuration value came from. Sources rank default < file < env < argv; a higher rank
 * always wins, and every value and every problem keeps its source so messages can name it.
 */
export type ConfigSource =
  | { readonly kind: 'default'; readonly derivation?: string }
  | { readonly kind: 'file'; readonly file: string; readonly line: number }
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'argv'; readonly arg: string };

/** One `key=value` as some source wrote it (the key may be an alias such as `mapedFileSizeCommitLog`). */
export interface Assignment {
  readonly key: string;
  readonly value: string;
  readonly source: ConfigSource;
}

const RANK: Readonly<Record<ConfigSource['kind'], number>> = { default: 0, file: 1, env: 2, argv: 3 };

export function sourceRank(source: ConfigSource): number {
  return RANK[source.kind];
}

/** `broker-a.properties:12`, `env RMQ_LISTEN_PORT`, `--flushDiskType=X`, `default (listenPort + 1)`. */
export function describeSource(source: ConfigSource): string {
  switch (source.kind) {
    case 'default':
      return source.derivation === undefined ? 'default' : `default (${source.derivation})`;
    case 'file':
      return `${source.file}:${source.line}`;
    case 'env':
      return `env ${source.variable}`;
    case 'argv':
      return source.arg;
  }
}

export const DEFAULT_SOURCE: ConfigSource = Object.freeze({ kind: 'default' });
