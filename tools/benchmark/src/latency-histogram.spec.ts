import { LatencyHistogram } from './latency-histogram';

describe('LatencyHistogram', () => {
  it('gives exact percentiles below 1 ms', () => {
    const h = new LatencyHistogram();
    for (let us = 1; us <= 1000; us++) h.recordMicros(us);
    expect(h.percentileMicros(0.5)).toBe(500);
    expect(h.percentileMicros(0.99)).toBe(990);
    expect(h.total).toBe(1000);
  });

  it('stays within 1/64 above the true value for large latencies', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 99; i++) h.recordMicros(2000);
    h.recordMicros(250_000);
    expect(h.percentileMicros(0.5)).toBeGreaterThanOrEqual(2000);
    expect(h.percentileMicros(0.5)).toBeLessThanOrEqual(2000 * (1 + 1 / 64) + 1);
    expect(h.percentileMicros(1)).toBe(250_000);
  });
});
