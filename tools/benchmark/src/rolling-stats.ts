/**
 * RocketMQ's benchmark statistics: counters snapshotted every second, the last ten snapshots kept,
 * and each report computed over that window (so a line says what the last ~10 s did), plus a
 * latency histogram for the percentiles RocketMQ's lines lack.
 */
import { LatencyHistogram } from './latency-histogram';

export const SNAPSHOTS_KEPT = 10;

export interface CounterSnapshot {
  atMs: number;
  counters: readonly number[];
}

export class RollingStats {
  private readonly snapshots: CounterSnapshot[] = [];
  readonly latency = new LatencyHistogram();
  maxLatencyMs = 0;

  constructor(private readonly read: () => readonly number[]) {}

  /** Takes a snapshot (call once a second). */
  snapshot(nowMs = Date.now()): void {
    this.snapshots.push({ atMs: nowMs, counters: [...this.read()] });
    if (this.snapshots.length > SNAPSHOTS_KEPT) this.snapshots.shift();
  }

  recordLatencyMs(ms: number): void {
    this.latency.recordMicros(ms * 1000);
    if (ms > this.maxLatencyMs) this.maxLatencyMs = ms;
  }

  /** Per-second rate of counter `index` over the window, and its growth; undefined before 2 snapshots. */
  window(index: number): { perSecond: number; delta: number } | undefined {
    const first = this.snapshots[0];
    const last = this.snapshots[this.snapshots.length - 1];
    if (first === undefined || last === undefined || last.atMs <= first.atMs) return undefined;
    const delta = (last.counters[index] ?? 0) - (first.counters[index] ?? 0);
    return { perSecond: (delta * 1000) / (last.atMs - first.atMs), delta };
  }

  /** Growth of counter `index` over the window (0 before 2 snapshots). */
  delta(index: number): number {
    return this.window(index)?.delta ?? 0;
  }

  percentilesText(): string {
    const ms = (p: number): string => (this.latency.percentileMicros(p) / 1000).toFixed(3);
    return `p50(ms): ${ms(0.5)} p99(ms): ${ms(0.99)} p999(ms): ${ms(0.999)}`;
  }
}

/** RocketMQ's timeMillisToHumanString2 form: `yyyy-MM-dd HH:mm:ss,SSS` (local time). */
export function humanTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}
