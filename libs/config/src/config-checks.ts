/**
 * Cross-field check helpers shared by schemas: port collisions and "A set here conflicts with B
 * set there" messages that name both sources.
 */
import { ConfigIssue, configIssue } from './config-issue';
import { Provenance } from './config-schema';
import { describeSource, sourceRank } from './config-source';

type Provenances = Readonly<Record<string, Provenance>>;

export function originOf(provenance: Provenances, key: string): Provenance {
  const origin = provenance[key];
  if (origin === undefined) throw new Error(`config check bug: no provenance for '${key}'`);
  return origin;
}

/** `brokerRole SYNC_MASTER (broker-a.properties:30)`. */
export function describeSetting(provenance: Provenances, key: string, value: unknown): string {
  return `${key} ${String(value)} (${describeSource(originOf(provenance, key).source)})`;
}

/**
 * Every pair of listed ports must differ. The issue is filed against the key whose source ranks
 * higher (the one most likely just set by hand) and names the other key and its source.
 */
export function checkDistinctPorts(
  config: Readonly<Record<string, unknown>>,
  provenance: Provenances,
  keys: readonly string[],
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      const a = keys[i] ?? '';
      const b = keys[j] ?? '';
      if (config[a] !== config[b]) continue;
      const [blamed, other] =
        sourceRank(originOf(provenance, a).source) > sourceRank(originOf(provenance, b).source)
          ? [a, b]
          : [b, a];
      const message = `port ${String(config[blamed])} collides with ${describeSetting(provenance, other, config[other])}`;
      issues.push(configIssue('error', originOf(provenance, blamed).source, message, blamed));
    }
  }
  return issues;
}
