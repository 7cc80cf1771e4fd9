/**
 * Layers of assignments (file < env < argv) → one value per key, with its provenance. Within a
 * layer a key's own name beats an alias; a higher layer beats a lower one whatever the spelling.
 * Only the winning text is parsed; every problem is collected, none thrown. Defaults are computed
 * lazily, so derived ones (httpListenPort = listenPort + 1) see the effective value they derive from.
 */
import { ConfigIssue, configIssue } from './config-issue';
import { DefaultContext, KeySpec } from './config-keys';
import { ConfigSchema, KeyMap, Provenance } from './config-schema';
import { Assignment, describeSource } from './config-source';

export type BaseContext = Omit<DefaultContext, 'int' | 'string'>;

export interface Resolution {
  readonly values: Record<string, unknown>;
  readonly provenance: Record<string, Provenance>;
  readonly issues: readonly ConfigIssue[];
}

export function resolveValues<K extends KeyMap>(
  schema: ConfigSchema<K>,
  layers: readonly (readonly Assignment[])[],
  base: BaseContext,
): Resolution {
  const issues: ConfigIssue[] = [];
  const provenance: Record<string, Provenance> = {};
  const explicit = new Map<string, unknown>();
  for (const [key, winner] of pickWinners(schema, layers, issues)) {
    const value = parseAssignment(specOf(schema, key), key, winner, issues);
    if (value.ok) {
      explicit.set(key, value.value);
      provenance[key] = { source: winner.source, spelling: winner.key };
    }
  }
  const values = computeDefaults(schema, explicit, base, provenance);
  for (const key of Object.keys(schema.keys)) {
    checkAndAdjust(specOf(schema, key), key, values, provenance, issues);
  }
  return { values, provenance, issues };
}

function specOf<K extends KeyMap>(schema: ConfigSchema<K>, key: string): KeySpec<unknown> {
  const spec = schema.keys[key];
  if (spec === undefined) throw new Error(`config schema bug: no key '${key}'`);
  return spec;
}

/** The winning assignment of each key over all layers, reporting unknown keys and conflicts. */
function pickWinners<K extends KeyMap>(
  schema: ConfigSchema<K>,
  layers: readonly (readonly Assignment[])[],
  issues: ConfigIssue[],
): Map<string, Assignment> {
  const winners = new Map<string, Assignment>();
  for (const layer of layers) {
    const byKey = new Map<string, Assignment[]>();
    for (const assignment of layer) {
      const key = schema.spellings.get(assignment.key);
      if (key === undefined) {
        issues.push(unknownKeyIssue(schema, assignment));
        continue;
      }
      byKey.set(key, [...(byKey.get(key) ?? []), assignment]);
    }
    for (const [key, candidates] of byKey) winners.set(key, pickInLayer(key, candidates, issues));
  }
  return winners;
}

function pickInLayer(key: string, candidates: readonly Assignment[], issues: ConfigIssue[]): Assignment {
  const own = candidates.filter((a) => a.key === key);
  const aliased = candidates.filter((a) => a.key !== key);
  const lastOwn = own[own.length - 1];
  const lastAlias = aliased[aliased.length - 1];
  for (const group of [own, aliased]) {
    const last = group[group.length - 1];
    if (group.length > 1 && last !== undefined && new Set(group.map((a) => a.key)).size === 1) {
      issues.push(
        configIssue('warning', last.source, `given ${group.length} times; the last value wins`, key),
      );
    }
  }
  if (lastOwn !== undefined && lastAlias !== undefined) {
    const message =
      `'${lastAlias.key}' is an older spelling of '${key}', which is also set ` +
      `(${describeSource(lastOwn.source)}) and wins`;
    issues.push(configIssue('warning', lastAlias.source, message, key));
  }
  const winner = lastOwn ?? lastAlias;
  if (winner === undefined) throw new Error('config resolver bug: empty candidate list');
  return winner;
}

function unknownKeyIssue<K extends KeyMap>(schema: ConfigSchema<K>, assignment: Assignment): ConfigIssue {
  const { key, source } = assignment;
  if (schema.inertKeys.has(key)) {
    return configIssue('notice', source, `'${key}' is a RocketMQ setting with no effect here; ignored`);
  }
  if (schema.unsupportedKeys.has(key)) {
    return configIssue(
      'warning',
      source,
      `'${key}' is a RocketMQ feature this implementation lacks; ignored`,
    );
  }
  const lower = key.toLowerCase();
  const near = [...schema.spellings.keys()].find((s) => s.toLowerCase() === lower);
  const hint = near === undefined ? '' : ` (did you mean '${near}'?)`;
  if (source.kind === 'argv')
    return configIssue('error', source, `unknown key '${key}' for ${schema.app}${hint}`);
  return configIssue('warning', source, `unknown key '${key}' ignored${hint}`);
}

/**
 * Parses the winning text. Typed values lose surrounding whitespace with a warning: Java keeps
 * a trailing space in a .properties value, and RocketMQ then fails to parse `10911 ` and silently
 * keeps the default (or reads `true ` as false). String values are kept as written, with a warning.
 */
function parseAssignment(
  spec: KeySpec<unknown>,
  key: string,
  assignment: Assignment,
  issues: ConfigIssue[],
): { ok: true; value: unknown } | { ok: false } {
  let raw = assignment.value;
  if (raw !== raw.trim()) {
    const kept = spec.kind === 'string';
    const message = kept
      ? 'value has surrounding whitespace; kept as written'
      : 'surrounding whitespace removed';
    issues.push(configIssue('warning', assignment.source, message, key));
    if (!kept) raw = raw.trim();
  }
  const parsed = spec.parse(raw);
  if (parsed.ok) return parsed;
  issues.push(configIssue('error', assignment.source, parsed.message, key));
  return { ok: false };
}

function computeDefaults<K extends KeyMap>(
  schema: ConfigSchema<K>,
  explicit: ReadonlyMap<string, unknown>,
  base: BaseContext,
  provenance: Record<string, Provenance>,
): Record<string, unknown> {
  const values: Record<string, unknown> = Object.fromEntries(explicit);
  const inProgress = new Set<string>();
  const get = (key: string): unknown => {
    if (key in values) return values[key];
    if (inProgress.has(key)) throw new Error(`config schema bug: derived defaults loop through '${key}'`);
    const spec = specOf(schema, key);
    inProgress.add(key);
    const value = spec.default(context);
    inProgress.delete(key);
    values[key] = value;
    provenance[key] = { source: { kind: 'default', derivation: spec.derivation }, spelling: key };
    return value;
  };
  const typed = <T>(key: string, type: string): T => {
    const value = get(key);
    if (typeof value !== type) throw new Error(`config schema bug: '${key}' is not a ${type}`);
    return value as T;
  };
  const context: DefaultContext = {
    ...base,
    int: (key) => typed<number>(key, 'number'),
    string: (key) => typed<string>(key, 'string'),
  };
  for (const key of Object.keys(schema.keys)) get(key);
  return values;
}

function checkAndAdjust(
  spec: KeySpec<unknown>,
  key: string,
  values: Record<string, unknown>,
  provenance: Record<string, Provenance>,
  issues: ConfigIssue[],
): void {
  const origin = provenance[key];
  if (origin === undefined) throw new Error(`config resolver bug: no provenance for '${key}'`);
  const problem = spec.check(values[key]);
  if (problem !== undefined) {
    issues.push(configIssue('error', origin.source, problem, key));
    return;
  }
  const adjusted = spec.adjust(values[key]);
  if (adjusted !== undefined) {
    values[key] = adjusted.value;
    issues.push(configIssue('warning', origin.source, adjusted.message, key));
  }
  if (origin.spelling !== key) {
    const message = `set as '${origin.spelling}', an older spelling; RocketMQ 4.x reads only '${key}'`;
    issues.push(configIssue('notice', origin.source, message, key));
  }
}
