/**
 * A running total sampled at a fixed cadence into a fixed-size ring, so that the per-second rate
 * over the last N samples is one subtraction (RocketMQ's StoreStatsService / StatsItem snapshots).
 * Memory is bounded by the capacity; older samples are overwritten.
 */
export class RateSampler {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2)
      throw new RangeError(`capacity must be ≥ 2, got ${capacity}`);
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  /** Records the total as it is at `nowMs`. */
  sample(nowMs: number, total: number): void {
    this.times[this.head] = nowMs;
    this.values[this.head] = total;
    this.head = (this.head + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /**
   * Per-second rate between the newest sample and the one `windowSamples` before it (or the oldest
   * kept); 0 until two samples exist.
   */
  perSecond(windowSamples: number): number {
    if (this.count < 2) return 0;
    const back = Math.max(1, Math.min(windowSamples, this.count - 1));
    const newest = (this.head - 1 + this.capacity) % this.capacity;
    const older = (newest - back + this.capacity) % this.capacity;
    const elapsedMs = (this.times[newest] ?? 0) - (this.times[older] ?? 0);
    if (elapsedMs <= 0) return 0;
    return (((this.values[newest] ?? 0) - (this.values[older] ?? 0)) * 1000) / elapsedMs;
  }
}
