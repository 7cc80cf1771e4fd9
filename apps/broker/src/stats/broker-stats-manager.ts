/**
 * The broker's traffic statistics (RocketMQ's BrokerStatsManager + StoreStatsService, trimmed):
 * totals since boot of messages put and got, get calls found/missed, per topic put counters and
 * per topic@group get counters, the totals at the last two midnights (msgPutTotalTodayMorning...),
 * and per-second rates over 10 s, 60 s and 600 s from one sample a second. The send and pull
 * handlers feed it; GET_BROKER_RUNTIME_INFO, GET_CONSUME_STATS and /metrics read it. Latency
 * observers let the metrics layer histogram send and pull times without the handlers knowing it.
 */
import { RateSampler } from './rate-sampler';
import { StatsItemView, StatsTable } from './stats-table';

export const STATS_SAMPLE_INTERVAL_MS = 1_000;
/** 601 one-second samples: a 600 s window, RocketMQ's longest TPS window. */
const BROKER_WINDOW_SAMPLES = 600;
export const TPS_WINDOWS_SECONDS = [10, 60, 600] as const;
const STATS_KEYS_MAX_DEFAULT = 1024;
const OBSERVERS_MAX = 8;

export type TpsTriple = [number, number, number];

export interface BrokerTotals {
  putNums: number;
  putBytes: number;
  /** Messages handed to consumers. */
  getNums: number;
  getBytes: number;
  getCallsFound: number;
  getCallsMiss: number;
}

export interface BrokerStatsSnapshot extends BrokerTotals {
  putTotalTodayMorning: number;
  putTotalYesterdayMorning: number;
  getTotalTodayMorning: number;
  getTotalYesterdayMorning: number;
  /** Per second over 10 s, 60 s, 600 s. */
  putTps: TpsTriple;
  getTransferedTps: TpsTriple;
  getFoundTps: TpsTriple;
  getMissTps: TpsTriple;
  getTotalTps: TpsTriple;
}

export interface GroupGetStats extends StatsItemView {
  group: string;
  topic: string;
}

/** `outcome` is a small fixed vocabulary (ok / found / not_found), so label sets stay bounded. */
export type LatencyObserver = (seconds: number, outcome: string) => void;

export interface BrokerStatsOptions {
  nowMs?: () => number;
  keysMax?: number;
  /** Local calendar day of a time (for the midnight totals); injectable for tests. */
  dayOf?: (ms: number) => string;
}

type Series = 'put' | 'getNums' | 'found' | 'miss';

export function topicAtGroupKey(topic: string, group: string): string {
  return `${topic}@${group}`;
}

export class BrokerStatsManager {
  private readonly totals: BrokerTotals = {
    putNums: 0,
    putBytes: 0,
    getNums: 0,
    getBytes: 0,
    getCallsFound: 0,
    getCallsMiss: 0,
  };
  readonly topicPut: StatsTable;
  /** Keyed `topic@group`, as RocketMQ's GROUP_GET_NUMS. */
  readonly groupGet: StatsTable;
  private readonly rates: Record<Series, RateSampler>;
  private readonly nowMs: () => number;
  private readonly dayOf: (ms: number) => string;
  private day: string;
  private todayMorning = { put: 0, get: 0 };
  private yesterdayMorning = { put: 0, get: 0 };
  private timer: NodeJS.Timeout | undefined;
  private readonly sendObservers: LatencyObserver[] = [];
  private readonly pullObservers: LatencyObserver[] = [];

  constructor(options: BrokerStatsOptions = {}) {
    this.nowMs = options.nowMs ?? Date.now;
    this.dayOf = options.dayOf ?? localDay;
    const keysMax = options.keysMax ?? STATS_KEYS_MAX_DEFAULT;
    this.topicPut = new StatsTable(keysMax);
    this.groupGet = new StatsTable(keysMax);
    this.day = this.dayOf(this.nowMs());
    const ring = (): RateSampler => new RateSampler(BROKER_WINDOW_SAMPLES + 1);
    this.rates = { put: ring(), getNums: ring(), found: ring(), miss: ring() };
    this.sample();
  }

  /** Samples once a second until stop(). */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.sample(), STATS_SAMPLE_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Messages stored for `topic` (a single send, or a whole batch). */
  recordPut(topic: string, msgs: number, bytes: number): void {
    this.totals.putNums += msgs;
    this.totals.putBytes += bytes;
    this.topicPut.add(topic, msgs, bytes);
  }

  /** One pull answer: found (with its messages) or not. */
  recordGet(group: string, topic: string, found: boolean, msgs: number, bytes: number): void {
    if (!found) {
      this.totals.getCallsMiss += 1;
      return;
    }
    this.totals.getCallsFound += 1;
    this.totals.getNums += msgs;
    this.totals.getBytes += bytes;
    this.groupGet.add(topicAtGroupKey(topic, group), msgs, bytes);
  }

  recordSendLatency(ms: number, outcome: string): void {
    for (const observe of this.sendObservers) observe(ms / 1000, outcome);
  }

  recordPullLatency(ms: number, outcome: string): void {
    for (const observe of this.pullObservers) observe(ms / 1000, outcome);
  }

  onSendLatency(observer: LatencyObserver): void {
    if (this.sendObservers.length < OBSERVERS_MAX) this.sendObservers.push(observer);
  }

  onPullLatency(observer: LatencyObserver): void {
    if (this.pullObservers.length < OBSERVERS_MAX) this.pullObservers.push(observer);
  }

  /** Takes one sample of every rate; rolls the midnight totals when the day changed. */
  sample(nowMs = this.nowMs()): void {
    const day = this.dayOf(nowMs);
    if (day !== this.day) {
      this.day = day;
      this.yesterdayMorning = this.todayMorning;
      this.todayMorning = { put: this.totals.putNums, get: this.totals.getNums };
    }
    this.rates.put.sample(nowMs, this.totals.putNums);
    this.rates.getNums.sample(nowMs, this.totals.getNums);
    this.rates.found.sample(nowMs, this.totals.getCallsFound);
    this.rates.miss.sample(nowMs, this.totals.getCallsMiss);
    this.topicPut.sample(nowMs);
    this.groupGet.sample(nowMs);
  }

  snapshot(): BrokerStatsSnapshot {
    const found = this.tps('found');
    const miss = this.tps('miss');
    return {
      ...this.totals,
      putTotalTodayMorning: this.todayMorning.put,
      putTotalYesterdayMorning: this.yesterdayMorning.put,
      getTotalTodayMorning: this.todayMorning.get,
      getTotalYesterdayMorning: this.yesterdayMorning.get,
      putTps: this.tps('put'),
      getTransferedTps: this.tps('getNums'),
      getFoundTps: found,
      getMissTps: miss,
      getTotalTps: [found[0] + miss[0], found[1] + miss[1], found[2] + miss[2]],
    };
  }

  /** Per topic@group get counters, split back into group and topic. */
  groupGetStats(): GroupGetStats[] {
    return this.groupGet.views().map((v) => {
      const at = v.key.lastIndexOf('@');
      return { ...v, topic: v.key.slice(0, at), group: v.key.slice(at + 1) };
    });
  }

  /** Messages per second the group got from the topic over the last minute (consumeTps). */
  groupGetTps(group: string, topic: string): number {
    return this.groupGet.get(topicAtGroupKey(topic, group))?.tps ?? 0;
  }

  /** Forget a deleted topic's or group's counters (keeps the tables bounded by what exists). */
  forgetTopic(topic: string): void {
    this.topicPut.delete((key) => key === topic);
    this.groupGet.delete((key) => key.startsWith(`${topic}@`));
  }

  forgetGroup(group: string): void {
    this.groupGet.delete((key) => key.endsWith(`@${group}`));
  }

  private tps(series: Series): TpsTriple {
    const r = this.rates[series];
    return [
      r.perSecond(TPS_WINDOWS_SECONDS[0]),
      r.perSecond(TPS_WINDOWS_SECONDS[1]),
      r.perSecond(TPS_WINDOWS_SECONDS[2]),
    ];
  }
}

function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}
