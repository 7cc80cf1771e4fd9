/** Merging per-broker admin answers into one view, and the broker config text format. */
import { ConsumeStats, MessageQueue, OffsetWrapper, TopicStatsTable } from '@rmq/protocol';
import { mqKey } from '../message/message-queue';

export interface MergedConsumeStats extends ConsumeStats {
  /** Sum over queues of brokerOffset - consumerOffset: the group's lag (Java computeTotalDiff). */
  diffTotal: number;
}

export function mergeTopicStats(tables: readonly TopicStatsTable[]): TopicStatsTable {
  return { offsetTable: dedupe(tables.flatMap((t) => t.offsetTable)) };
}

export function mergeConsumeStats(stats: readonly ConsumeStats[]): MergedConsumeStats {
  const offsetTable = dedupe(stats.flatMap((s) => s.offsetTable)) as Array<[MessageQueue, OffsetWrapper]>;
  return {
    consumeTps: stats.reduce((sum, s) => sum + s.consumeTps, 0),
    offsetTable,
    diffTotal: offsetTable.reduce((sum, [, o]) => sum + Math.max(0, o.brokerOffset - o.consumerOffset), 0),
  };
}

function dedupe<T>(entries: Array<[MessageQueue, T]>): Array<[MessageQueue, T]> {
  const byKey = new Map<string, [MessageQueue, T]>();
  for (const entry of entries) byKey.set(mqKey(entry[0]), entry);
  return [...byKey.values()];
}

/** `key=value` lines (java.util.Properties text as the broker writes it; no escapes in practice). */
export function parseBrokerConfig(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const at = line.indexOf('=');
    if (at < 0) out.set(line.trim(), '');
    else out.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return out;
}
