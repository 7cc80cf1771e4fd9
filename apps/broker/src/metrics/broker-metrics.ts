/**
 * The broker's Prometheus metrics under the names RocketMQ users already chart (rocketmq-exporter's
 * names: rocketmq_broker_tps, rocketmq_producer_tps, rocketmq_consumer_tps, rocketmq_group_diff,
 * rocketmq_brokeruntime_*), computed when Prometheus scrapes from the stats manager, the store and
 * the offset table; plus send/pull latency histograms fed by the stats manager's observers.
 * Label sets are bounded: per-topic and per-group series come from bounded stats tables, and
 * rocketmq_group_diff stops at GROUP_DIFF_SERIES_MAX series.
 */
import type { Gauge } from 'prom-client';
import type { MetricsRegistry } from '@rmq/observability';
import { isRetryTopic } from '@rmq/protocol';
import { splitTopicAtGroup } from '@rmq/store';
import { BrokerRuntimeInfo, collectRuntimeInfo } from '../admin/broker-runtime-info';
import type { BrokerController } from '../broker-controller';

const GROUP_DIFF_SERIES_MAX = 2000;
const SEND_LATENCY_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];
const PULL_LATENCY_BUCKETS_SECONDS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60];
/** A runtime figure older than this is recomputed (one scrape reads many gauges). */
const RUNTIME_INFO_TTL_MS = 500;

const BROKER_LABELS = ['cluster', 'broker', 'brokerIP'] as const;
type BrokerLabel = (typeof BROKER_LABELS)[number];

/** rocketmq_brokeruntime_<suffix>: name suffix, help, figure. */
const RUNTIME_GAUGES: Array<[string, string, (i: BrokerRuntimeInfo) => number]> = [
  ['msg_put_total_today_now', 'Messages stored since boot', (i) => i.stats.putNums],
  ['msg_gettotal_today_now', 'Messages delivered to consumers since boot', (i) => i.stats.getNums],
  ['msg_puttotal_todaymorning', 'msg_put_total at the last midnight', (i) => i.stats.putTotalTodayMorning],
  ['msg_gettotal_todaymorning', 'msg_gettotal at the last midnight', (i) => i.stats.getTotalTodayMorning],
  [
    'msg_puttotal_yesterdaymorning',
    'msg_put_total at the midnight before',
    (i) => i.stats.putTotalYesterdayMorning,
  ],
  [
    'msg_gettotal_yesterdaymorning',
    'msg_gettotal at the midnight before',
    (i) => i.stats.getTotalYesterdayMorning,
  ],
  ['put_tps10', 'Messages stored per second over 10 s', (i) => i.stats.putTps[0]],
  ['put_tps60', 'Messages stored per second over 60 s', (i) => i.stats.putTps[1]],
  ['put_tps600', 'Messages stored per second over 600 s', (i) => i.stats.putTps[2]],
  ['gettotal_tps10', 'Pull answers per second over 10 s', (i) => i.stats.getTotalTps[0]],
  ['gettotal_tps60', 'Pull answers per second over 60 s', (i) => i.stats.getTotalTps[1]],
  ['gettotal_tps600', 'Pull answers per second over 600 s', (i) => i.stats.getTotalTps[2]],
  ['getfound_tps10', 'Pulls that found messages per second over 10 s', (i) => i.stats.getFoundTps[0]],
  ['getfound_tps60', 'Pulls that found messages per second over 60 s', (i) => i.stats.getFoundTps[1]],
  ['getfound_tps600', 'Pulls that found messages per second over 600 s', (i) => i.stats.getFoundTps[2]],
  ['getmiss_tps10', 'Pulls that found nothing per second over 10 s', (i) => i.stats.getMissTps[0]],
  ['getmiss_tps60', 'Pulls that found nothing per second over 60 s', (i) => i.stats.getMissTps[1]],
  ['getmiss_tps600', 'Pulls that found nothing per second over 600 s', (i) => i.stats.getMissTps[2]],
  ['gettransfered_tps10', 'Messages delivered per second over 10 s', (i) => i.stats.getTransferedTps[0]],
  ['gettransfered_tps60', 'Messages delivered per second over 60 s', (i) => i.stats.getTransferedTps[1]],
  ['gettransfered_tps600', 'Messages delivered per second over 600 s', (i) => i.stats.getTransferedTps[2]],
  ['put_message_size_total', 'Bytes of message bodies stored since boot', (i) => i.stats.putBytes],
  ['putmessage_times_total', 'Messages stored since boot', (i) => i.stats.putNums],
  ['put_message_average_size', 'Average stored body size in bytes', (i) => i.putMessageAverageSize],
  ['commitlog_disk_ratio', 'Used fraction of the commit log disk (-1 unknown)', (i) => i.commitLogDisk.ratio],
  [
    'consumequeue_disk_ratio',
    'Used fraction of the consume queue disk (-1 unknown)',
    (i) => i.consumeQueueDisk.ratio,
  ],
  ['commitlogdir_capacity_total', 'Bytes of the commit log disk', (i) => i.commitLogDisk.totalBytes],
  ['commitlogdir_capacity_free', 'Free bytes of the commit log disk', (i) => i.commitLogDisk.freeBytes],
  ['commitlog_maxoffset', 'Commit log max physical offset', (i) => i.commitLogMaxOffset],
  ['commitlog_minoffset', 'Commit log min physical offset', (i) => i.commitLogMinOffset],
  [
    'dispatch_behind_bytes',
    'Commit log bytes not yet in consume queues and index',
    (i) => i.dispatchBehindBytes,
  ],
  [
    'remain_howmanydata_toflush',
    'Commit log bytes written but not flushed',
    (i) => i.remainHowManyDataToFlush,
  ],
  ['earliest_message_timestamp', 'Store time (ms) of the oldest message', (i) => i.earliestMessageTimeStamp],
  ['send_threadpool_queue_size', 'Queued send requests (0: requests run on the event loop)', () => 0],
  ['pull_threadpoolqueue_size', 'Queued pull requests (0: requests run on the event loop)', () => 0],
  ['query_threadpoolqueue_size', 'Queued query requests (0: requests run on the event loop)', () => 0],
];

export class BrokerMetrics {
  private cached: { atMs: number; info: BrokerRuntimeInfo } | undefined;

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly broker: BrokerController,
  ) {
    this.registerBrokerGauges();
    this.registerTopicAndGroupGauges();
    this.registerRuntimeGauges();
    this.registerLatencyHistograms();
  }

  private get brokerLabels(): Record<BrokerLabel, string> {
    const c = this.broker.config;
    return { cluster: c.brokerClusterName, broker: c.brokerName, brokerIP: c.brokerIP1 };
  }

  private runtimeInfo(): BrokerRuntimeInfo {
    const now = Date.now();
    if (this.cached === undefined || now - this.cached.atMs > RUNTIME_INFO_TTL_MS) {
      this.cached = { atMs: now, info: collectRuntimeInfo(this.broker, now) };
    }
    return this.cached.info;
  }

  private brokerGauge(name: string, help: string, value: () => number): void {
    const labels = (): Record<BrokerLabel, string> => this.brokerLabels;
    this.metrics.gauge(name, help, [...BROKER_LABELS], function collect(this: Gauge<BrokerLabel>) {
      this.reset();
      this.set(labels(), value());
    });
  }

  private registerBrokerGauges(): void {
    this.brokerGauge(
      'rocketmq_broker_tps',
      'BrokerPutNums: messages stored per second (60 s)',
      () => this.runtimeInfo().stats.putTps[1],
    );
    this.brokerGauge(
      'rocketmq_broker_qps',
      'BrokerGetNums: messages delivered per second (60 s)',
      () => this.runtimeInfo().stats.getTransferedTps[1],
    );
    // No slaves replicate yet: a master is never behind itself.
    this.brokerGauge('rocketmq_broker_commitlog_diff', 'Commit log bytes the slaves are behind', () => 0);
  }

  private registerRuntimeGauges(): void {
    for (const [suffix, help, figure] of RUNTIME_GAUGES) {
      this.brokerGauge(`rocketmq_brokeruntime_${suffix}`, help, () => figure(this.runtimeInfo()));
    }
  }

  private registerTopicAndGroupGauges(): void {
    const broker = this.broker;
    const base = (): Record<'cluster' | 'broker', string> => ({
      cluster: broker.config.brokerClusterName,
      broker: broker.config.brokerName,
    });
    const topicLabels = ['cluster', 'broker', 'topic'] as const;
    const groupLabels = ['cluster', 'broker', 'topic', 'group'] as const;
    this.metrics.gauge(
      'rocketmq_producer_tps',
      'TopicPutNums: messages stored per second (60 s)',
      [...topicLabels],
      function collect() {
        this.reset();
        for (const v of broker.stats.topicPut.views()) this.set({ ...base(), topic: v.key }, v.tps);
      },
    );
    this.metrics.gauge(
      'rocketmq_producer_message_size',
      'TopicPutMessageSize: bytes stored per second (60 s)',
      [...topicLabels],
      function collect() {
        this.reset();
        for (const v of broker.stats.topicPut.views())
          this.set({ ...base(), topic: v.key }, v.bytesPerSecond);
      },
    );
    this.metrics.gauge(
      'rocketmq_consumer_tps',
      'GroupGetNums: messages delivered per second (60 s)',
      [...groupLabels],
      function collect() {
        this.reset();
        for (const v of broker.stats.groupGetStats())
          this.set({ ...base(), topic: v.topic, group: v.group }, v.tps);
      },
    );
    this.metrics.gauge(
      'rocketmq_consumer_message_size',
      'GroupGetMessageSize: bytes delivered per second (60 s)',
      [...groupLabels],
      function collect() {
        this.reset();
        for (const v of broker.stats.groupGetStats())
          this.set({ ...base(), topic: v.topic, group: v.group }, v.bytesPerSecond);
      },
    );
    this.metrics.gauge(
      'rocketmq_group_diff',
      'GroupDiff: messages not yet consumed by the group',
      [...groupLabels],
      function collect() {
        this.reset();
        for (const [topic, group, diff] of groupDiffs(broker, GROUP_DIFF_SERIES_MAX))
          this.set({ ...base(), topic, group }, diff);
      },
    );
  }

  private registerLatencyHistograms(): void {
    const send = this.metrics.histogram(
      'rocketmq_send_latency_seconds',
      'Time to store a send request',
      ['outcome'],
      SEND_LATENCY_BUCKETS_SECONDS,
    );
    const pull = this.metrics.histogram(
      'rocketmq_pull_latency_seconds',
      'Time to answer a pull, long-poll wait included (outcome found / not_found)',
      ['outcome'],
      PULL_LATENCY_BUCKETS_SECONDS,
    );
    this.broker.stats.onSendLatency(observerByOutcome(send));
    this.broker.stats.onPullLatency(observerByOutcome(pull));
  }
}

/** Observes into the histogram's child for each outcome, looked up once per outcome (not per request). */
function observerByOutcome(histogram: {
  labels(labels: { outcome: string }): { observe(value: number): void };
}): (seconds: number, outcome: string) => void {
  const children = new Map<string, { observe(value: number): void }>();
  return (seconds, outcome) => {
    let child = children.get(outcome);
    if (child === undefined) {
      child = histogram.labels({ outcome });
      children.set(outcome, child);
    }
    child.observe(seconds);
  };
}

/** [topic, group, diff] per committed topic@group (retry topics included), at most `max` entries. */
export function groupDiffs(broker: BrokerController, max: number): Array<[string, string, number]> {
  const out: Array<[string, string, number]> = [];
  for (const [key, queues] of broker.offsets.snapshot().offsetTable) {
    if (out.length >= max) break;
    const parts = splitTopicAtGroup(key);
    if (parts === undefined) continue;
    const [topic, group] = parts;
    if (broker.topics.selectTopicConfig(topic) === undefined && !isRetryTopic(topic)) continue;
    let diff = 0;
    for (const [queueId, offset] of queues) {
      diff += Math.max(0, broker.store.getMaxOffsetInQueue(topic, queueId) - offset);
    }
    out.push([topic, group, diff]);
  }
  return out;
}
