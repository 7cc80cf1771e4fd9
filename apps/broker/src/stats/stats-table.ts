/**
 * Per-key message and byte counters (RocketMQ's StatsItemSet: TOPIC_PUT_NUMS/SIZE keyed by topic,
 * GROUP_GET_NUMS/SIZE keyed by topic@group) with a one-minute rate window per key. The key count
 * is bounded: past `keysMax`, new keys are not tracked (the broker-wide totals still count them)
 * and `untrackedKeys` says how many were turned away, so metric label sets stay bounded.
 */
import { RateSampler } from './rate-sampler';

/** One sample per second; 61 samples give a 60 s window. */
const KEY_WINDOW_SAMPLES = 60;

export interface StatsItem {
  readonly key: string;
  nums: number;
  bytes: number;
  readonly numsRate: RateSampler;
  readonly bytesRate: RateSampler;
}

export interface StatsItemView {
  key: string;
  /** Messages since boot. */
  nums: number;
  /** Bytes since boot. */
  bytes: number;
  /** Messages per second over the last minute. */
  tps: number;
  /** Bytes per second over the last minute. */
  bytesPerSecond: number;
}

export class StatsTable {
  private readonly items = new Map<string, StatsItem>();
  private turnedAway = 0;
  private lastSampleMs: number | undefined;

  constructor(private readonly keysMax: number) {}

  add(key: string, nums: number, bytes: number): void {
    let item = this.items.get(key);
    if (item === undefined) {
      if (this.items.size >= this.keysMax) {
        this.turnedAway += 1;
        return;
      }
      item = {
        key,
        nums: 0,
        bytes: 0,
        numsRate: new RateSampler(KEY_WINDOW_SAMPLES + 1),
        bytesRate: new RateSampler(KEY_WINDOW_SAMPLES + 1),
      };
      this.items.set(key, item);
      // A new key starts from zero at the last sample, so its first rate is not lost.
      if (this.lastSampleMs !== undefined) {
        item.numsRate.sample(this.lastSampleMs, 0);
        item.bytesRate.sample(this.lastSampleMs, 0);
      }
    }
    item.nums += nums;
    item.bytes += bytes;
  }

  sample(nowMs: number): void {
    this.lastSampleMs = nowMs;
    for (const item of this.items.values()) {
      item.numsRate.sample(nowMs, item.nums);
      item.bytesRate.sample(nowMs, item.bytes);
    }
  }

  get(key: string): StatsItemView | undefined {
    const item = this.items.get(key);
    return item === undefined ? undefined : view(item);
  }

  views(): StatsItemView[] {
    return [...this.items.values()].map(view);
  }

  delete(predicate: (key: string) => boolean): void {
    for (const key of [...this.items.keys()]) if (predicate(key)) this.items.delete(key);
  }

  get size(): number {
    return this.items.size;
  }

  get untrackedKeys(): number {
    return this.turnedAway;
  }
}

function view(item: StatsItem): StatsItemView {
  return {
    key: item.key,
    nums: item.nums,
    bytes: item.bytes,
    tps: item.numsRate.perSecond(KEY_WINDOW_SAMPLES),
    bytesPerSecond: item.bytesRate.perSecond(KEY_WINDOW_SAMPLES),
  };
}
