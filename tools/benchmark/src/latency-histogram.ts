/**
 * Put/send latency percentiles in bounded memory: microsecond buckets, exact below 1 ms, then
 * logarithmic with 1/64 relative precision (an HdrHistogram in miniature). Percentiles report the
 * bucket's upper bound, so they never flatter the system.
 */
const LINEAR_LIMIT_US = 1024;
const SUB_BUCKETS = 64;
const MAX_US = 60_000_000;

export class LatencyHistogram {
  private readonly linear = new Float64Array(LINEAR_LIMIT_US);
  private readonly log: Float64Array;
  private count = 0;
  private maxUs = 0;

  constructor() {
    const octaves = Math.ceil(Math.log2(MAX_US / LINEAR_LIMIT_US)) + 1;
    this.log = new Float64Array(octaves * SUB_BUCKETS);
  }

  recordMicros(us: number): void {
    const v = Math.max(0, Math.min(Math.round(us), MAX_US));
    this.count++;
    if (v > this.maxUs) this.maxUs = v;
    if (v < LINEAR_LIMIT_US) {
      this.linear[v] = (this.linear[v] ?? 0) + 1;
      return;
    }
    const index = this.logIndex(v);
    this.log[index] = (this.log[index] ?? 0) + 1;
  }

  get total(): number {
    return this.count;
  }

  get maxMicros(): number {
    return this.maxUs;
  }

  /** Latency (µs) at or below which `p` (0..1) of the samples fall. */
  percentileMicros(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.ceil(p * this.count);
    let seen = 0;
    for (let us = 0; us < LINEAR_LIMIT_US; us++) {
      seen += this.linear[us] ?? 0;
      if (seen >= rank) return us;
    }
    for (let i = 0; i < this.log.length; i++) {
      seen += this.log[i] ?? 0;
      if (seen >= rank) return Math.min(this.upperBound(i), this.maxUs);
    }
    return this.maxUs;
  }

  private logIndex(us: number): number {
    const octave = Math.floor(Math.log2(us / LINEAR_LIMIT_US));
    const base = LINEAR_LIMIT_US * 2 ** octave;
    const sub = Math.min(SUB_BUCKETS - 1, Math.floor(((us - base) / base) * SUB_BUCKETS));
    return octave * SUB_BUCKETS + sub;
  }

  private upperBound(index: number): number {
    const octave = Math.floor(index / SUB_BUCKETS);
    const sub = index % SUB_BUCKETS;
    const base = LINEAR_LIMIT_US * 2 ** octave;
    return Math.ceil(base + ((sub + 1) * base) / SUB_BUCKETS);
  }
}
