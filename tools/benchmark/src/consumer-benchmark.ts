/**
 * `bin/benchmark consumer`: RocketMQ's benchmark Consumer over @rmq/client's push consumer, with
 * its option letters and output line (TPS, FAIL, AVG/MAX born-to-consumer and store-to-consumer
 * RT) plus p50/p99/p999 of store-to-consumer. `-e` takes the TAG expression itself (RocketMQ's
 * takes a file holding it). Runs until --seconds, --messageQuantity messages, or Ctrl-C.
 */
import { PushConsumer } from '@rmq/client';
import {
  boolOption,
  defaultNamesrvAddr,
  intOption,
  numberOption,
  OptionSpec,
  ParsedOptions,
  stringOption,
} from '@rmq/config';
import { humanTime, RollingStats } from './rolling-stats';

export const CONSUMER_OPTIONS: OptionSpec[] = [
  {
    short: 'n',
    long: 'namesrvAddr',
    kind: 'string',
    description: "name servers, 'host:port;host:port' (default $NAMESRV_ADDR, else 127.0.0.1:9876)",
  },
  { short: 't', long: 'topic', kind: 'string', description: 'topic (default BenchmarkTest)' },
  { short: 'w', long: 'threadCount', kind: 'int', description: 'listener calls in flight (default 20)' },
  { short: 'g', long: 'group', kind: 'string', description: 'consumer group (default benchmark_consumer)' },
  {
    short: 'p',
    long: 'groupSuffixEnable',
    kind: 'bool',
    description: 'append _<0..99> to the group (default true)',
  },
  {
    short: 'e',
    long: 'expression',
    kind: 'string',
    description: "TAG expression, e.g. 'tag0 || tag1' (default *)",
  },
  {
    short: 'r',
    long: 'failRate',
    kind: 'number',
    description: 'fraction of messages answered RECONSUME_LATER (default 0)',
  },
  { long: 'seconds', kind: 'int', description: 'stop after this many seconds (default 0 = no limit)' },
  {
    long: 'messageQuantity',
    kind: 'int',
    description: 'stop after consuming this many messages (default 0 = no limit)',
  },
  { long: 'reportIntervalSeconds', kind: 'int', description: 'seconds between report lines (default 10)' },
];

export interface ConsumerBenchmarkSettings {
  namesrvAddr: string;
  topic: string;
  threadCount: number;
  group: string;
  expression: string;
  failRate: number;
  seconds: number;
  messageQuantity: number;
  reportIntervalSeconds: number;
}

export interface ConsumerSummary {
  consumed: number;
  failed: number;
}

export function consumerSettings(parsed: ParsedOptions): ConsumerBenchmarkSettings {
  const prefix = stringOption(parsed, 'group', 'benchmark_consumer');
  const suffix = boolOption(parsed, 'groupSuffixEnable', true);
  return {
    namesrvAddr: stringOption(parsed, 'namesrvAddr', defaultNamesrvAddr()),
    topic: stringOption(parsed, 'topic', 'BenchmarkTest'),
    threadCount: Math.max(1, intOption(parsed, 'threadCount', 20)),
    group: suffix ? `${prefix}_${Date.now() % 100}` : prefix,
    expression: stringOption(parsed, 'expression', '*'),
    failRate: numberOption(parsed, 'failRate', 0),
    seconds: intOption(parsed, 'seconds', 0),
    messageQuantity: intOption(parsed, 'messageQuantity', 0),
    reportIntervalSeconds: Math.max(1, intOption(parsed, 'reportIntervalSeconds', 10)),
  };
}

class ConsumerRun {
  consumed = 0;
  failed = 0;
  born2ConsumerTotalMs = 0;
  store2ConsumerTotalMs = 0;
  born2ConsumerMaxMs = 0;
  store2ConsumerMaxMs = 0;
  readonly stats = new RollingStats(() => [
    this.consumed,
    this.born2ConsumerTotalMs,
    this.store2ConsumerTotalMs,
    this.failed,
  ]);

  record(bornMs: number, storeMs: number, failRate: number): boolean {
    const now = Date.now();
    this.consumed++;
    this.born2ConsumerTotalMs += now - bornMs;
    this.store2ConsumerTotalMs += now - storeMs;
    this.born2ConsumerMaxMs = Math.max(this.born2ConsumerMaxMs, now - bornMs);
    this.store2ConsumerMaxMs = Math.max(this.store2ConsumerMaxMs, now - storeMs);
    this.stats.recordLatencyMs(now - storeMs);
    if (Math.random() < failRate) {
      this.failed++;
      return false;
    }
    return true;
  }

  line(): string {
    const w = this.stats.window(0);
    const n = w?.delta ?? 0;
    const avg = (index: number): string => (n > 0 ? this.stats.delta(index) / n : 0).toFixed(3).padStart(7);
    const text =
      `Current Time: ${humanTime(Date.now())} TPS: ${Math.round(w?.perSecond ?? 0)} FAIL: ${this.stats.delta(3)} ` +
      `AVG(B2C) RT(ms): ${avg(1)} AVG(S2C) RT(ms): ${avg(2)} MAX(B2C) RT(ms): ${this.born2ConsumerMaxMs} ` +
      `MAX(S2C) RT(ms): ${this.store2ConsumerMaxMs} S2C ${this.stats.percentilesText()}`;
    this.born2ConsumerMaxMs = 0;
    this.store2ConsumerMaxMs = 0;
    return text;
  }
}

export async function runConsumerBenchmark(
  s: ConsumerBenchmarkSettings,
  print: (line: string) => void,
  stopSignal: Promise<void> = new Promise(() => undefined),
): Promise<ConsumerSummary> {
  print(
    `topic: ${s.topic}, threadCount ${s.threadCount}, group: ${s.group}, expression: ${s.expression}, failRate: ${s.failRate}`,
  );
  const run = new ConsumerRun();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const consumer = new PushConsumer({
    consumerGroup: s.group,
    namesrvAddr: s.namesrvAddr,
    instanceName: String(Date.now()),
    consumeConcurrency: s.threadCount,
  });
  consumer.subscribe(s.topic, s.expression);
  consumer.registerMessageListener((msgs) => {
    let ok = true;
    for (const msg of msgs) ok = run.record(msg.bornTimestamp, msg.storeTimestamp, s.failRate) && ok;
    if (s.messageQuantity > 0 && run.consumed >= s.messageQuantity) finish();
    return ok ? 'CONSUME_SUCCESS' : 'RECONSUME_LATER';
  });
  await consumer.start();
  print('Consumer Started.');
  const ticker = setInterval(() => run.stats.snapshot(), 1000);
  const reporter = setInterval(() => print(run.line()), s.reportIntervalSeconds * 1000);
  const deadline = s.seconds > 0 ? setTimeout(finish, s.seconds * 1000) : undefined;
  void stopSignal.then(finish);
  run.stats.snapshot();
  try {
    await finished;
    run.stats.snapshot();
    print(
      `[Complete] Consumed: ${run.consumed} Failed: ${run.failed} ${run.line().replace(/^Current Time: \S+ \S+ /, '')}`,
    );
  } finally {
    clearInterval(ticker);
    clearInterval(reporter);
    if (deadline) clearTimeout(deadline);
    await consumer.shutdown();
  }
  return { consumed: run.consumed, failed: run.failed };
}
