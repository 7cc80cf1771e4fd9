/** BrokerStatsManager: totals, per-key counters, windowed rates, midnight rollover and key bounds. */
import { BrokerStatsManager } from './broker-stats-manager';
import { RateSampler } from './rate-sampler';

describe('RateSampler', () => {
  it('is 0 until two samples exist, then the rate over the window (or what is kept)', () => {
    const r = new RateSampler(4);
    r.sample(0, 0);
    expect(r.perSecond(10)).toBe(0);
    r.sample(1000, 5);
    r.sample(2000, 15);
    expect(r.perSecond(1)).toBe(10);
    expect(r.perSecond(10)).toBe(7.5);
    r.sample(3000, 15);
    r.sample(4000, 15); // ring of 4: the sample at 0 ms is gone, 1000 ms is the oldest
    expect(r.perSecond(10)).toBeCloseTo(10 / 3);
    expect(() => new RateSampler(1)).toThrow(RangeError);
  });
});

describe('BrokerStatsManager', () => {
  function manager(day = { value: 'd1' }): { stats: BrokerStatsManager; clock: { ms: number } } {
    const clock = { ms: 0 };
    const stats = new BrokerStatsManager({ nowMs: () => clock.ms, dayOf: () => day.value, keysMax: 2 });
    return { stats, clock };
  }

  it('counts puts and gets in totals and per key, and computes TPS from samples', () => {
    const { stats, clock } = manager();
    stats.recordPut('T', 3, 300);
    stats.recordPut('T', 1, 100);
    stats.recordGet('G', 'T', true, 2, 200);
    stats.recordGet('G', 'T', false, 0, 0);
    clock.ms = 2000;
    stats.sample();
    const snap = stats.snapshot();
    expect(snap).toMatchObject({ putNums: 4, putBytes: 400, getNums: 2, getCallsFound: 1, getCallsMiss: 1 });
    expect(snap.putTps).toEqual([2, 2, 2]);
    expect(snap.getTotalTps).toEqual([1, 1, 1]);
    expect(stats.topicPut.get('T')).toMatchObject({ nums: 4, bytes: 400, tps: 2, bytesPerSecond: 200 });
    expect(stats.groupGetStats()).toEqual([
      expect.objectContaining({ group: 'G', topic: 'T', nums: 2, tps: 1 }),
    ]);
    expect(stats.groupGetTps('G', 'T')).toBe(1);
    expect(stats.groupGetTps('other', 'T')).toBe(0);
  });

  it('keeps the totals of the last two midnights', () => {
    const day = { value: 'd1' };
    const { stats } = manager(day);
    stats.recordPut('T', 5, 1);
    day.value = 'd2';
    stats.sample();
    stats.recordPut('T', 2, 1);
    day.value = 'd3';
    stats.sample();
    expect(stats.snapshot()).toMatchObject({
      putNums: 7,
      putTotalYesterdayMorning: 5,
      putTotalTodayMorning: 7,
    });
  });

  it('tracks at most keysMax keys, still counting the rest in the totals', () => {
    const { stats } = manager();
    for (const topic of ['A', 'B', 'C']) stats.recordPut(topic, 1, 1);
    expect(stats.topicPut.size).toBe(2);
    expect(stats.topicPut.untrackedKeys).toBe(1);
    expect(stats.snapshot().putNums).toBe(3);
    stats.forgetTopic('A');
    expect(stats.topicPut.get('A')).toBeUndefined();
  });

  it('hands latencies to observers in seconds', () => {
    const { stats } = manager();
    const seen: Array<[number, string]> = [];
    stats.onSendLatency((s, o) => seen.push([s, o]));
    stats.recordSendLatency(250, 'ok');
    expect(seen).toEqual([[0.25, 'ok']]);
  });
});
