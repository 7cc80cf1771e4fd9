/**
 * Delay levels (protocol.md §7): messageDelayLevel "1s 5s 10s 30s 1m ..." lists the delay of levels
 * 1..n; units s, m, h, d. A record parked in SCHEDULE_TOPIC_XXXX carries its delivery time
 * (store time + delay of its level, the level clamped to n) as consume-queue tagsCode.
 */
import { InvalidDelayLevelError } from './invalid-delay-level.error';

export const DEFAULT_MESSAGE_DELAY_LEVEL = '1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const LEVEL_WORD = /^(\d+)([smhd])$/;

/** Delay in ms of each level: element i is level i + 1. */
export type DelayLevelTableMs = readonly number[];

export function parseDelayLevels(text: string): DelayLevelTableMs {
  const words = text.split(' ').filter((w) => w.length > 0);
  if (words.length === 0) throw new InvalidDelayLevelError('messageDelayLevel is empty');
  return words.map((word, i) => {
    const match = LEVEL_WORD.exec(word);
    if (!match)
      throw new InvalidDelayLevelError(`messageDelayLevel word ${i + 1} "${word}" is not <integer><s|m|h|d>`);
    return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  });
}

/**
 * RocketMQ's computeDeliverTimestamp for a DELAY property value: the level is clamped to the
 * highest one; levels ≤ 0 (and non-integers) yield undefined, meaning "not a delay".
 */
export function deliverTimestampMs(
  delayLevelText: string,
  storeTimestampMs: number,
  table: DelayLevelTableMs,
): number | undefined {
  if (!/^[+-]?\d{1,10}$/.test(delayLevelText)) return undefined;
  const level = Math.min(Number(delayLevelText), table.length);
  if (level <= 0) return undefined;
  return storeTimestampMs + (table[level - 1] ?? 1000);
}
