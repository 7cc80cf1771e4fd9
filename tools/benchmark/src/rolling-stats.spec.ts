import { humanTime, RollingStats } from './rolling-stats';

describe('RollingStats', () => {
  it('reports rates over the last ten one-second snapshots', () => {
    let sent = 0;
    const stats = new RollingStats(() => [sent]);
    for (let second = 0; second <= 12; second++) {
      stats.snapshot(second * 1000);
      sent += second < 5 ? 100 : 1000;
    }
    // Window: snapshots of seconds 3..12, i.e. 9 s in which 2 × 100 + 7 × 1000 were sent.
    expect(stats.window(0)).toEqual({ perSecond: 800, delta: 7200 });
  });

  it('has no rate before two snapshots, and keeps the max latency', () => {
    const stats = new RollingStats(() => [0]);
    expect(stats.window(0)).toBeUndefined();
    stats.recordLatencyMs(3);
    stats.recordLatencyMs(12.5);
    expect(stats.maxLatencyMs).toBe(12.5);
    expect(stats.percentilesText()).toMatch(/^p50\(ms\): \d+\.\d{3} p99/);
  });

  it("prints time as RocketMQ's timeMillisToHumanString2", () => {
    expect(humanTime(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}$/);
  });
});
