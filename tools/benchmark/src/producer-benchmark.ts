/**
 * `bin/benchmark producer`: RocketMQ's benchmark Producer over @rmq/client, with its option
 * letters and output lines (Send TPS, Max RT, Average RT, Send Failed, Response Failed) plus
 * p50/p99/p999. Runs until -q messages were sent, --seconds passed, or Ctrl-C; then prints the
 * [Complete] line. "Send Failed" counts sends that never got an answer (network, timeout, client
 * checks); "Response Failed" counts answers with a failure code, as in RocketMQ.
 */
import { randomBytes } from 'node:crypto';
import { isMQBrokerError, Message, Producer } from '@rmq/client';
import {
  boolOption,
  defaultNamesrvAddr,
  intOption,
  OptionSpec,
  ParsedOptions,
  stringOption,
} from '@rmq/config';
import { humanTime, RollingStats } from './rolling-stats';

export const PRODUCER_OPTIONS: OptionSpec[] = [
  {
    short: 'n',
    long: 'namesrvAddr',
    kind: 'string',
    description: "name servers, 'host:port;host:port' (default $NAMESRV_ADDR, else 127.0.0.1:9876)",
  },
  { short: 't', long: 'topic', kind: 'string', description: 'topic (default BenchmarkTest)' },
  { short: 'w', long: 'threadCount', kind: 'int', description: 'concurrent senders (default 64)' },
  { short: 's', long: 'messageSize', kind: 'int', description: 'body bytes (default 128)' },
  { short: 'k', long: 'keyEnable', kind: 'bool', description: 'set a message key (default false)' },
  {
    short: 'l',
    long: 'tagCount',
    kind: 'int',
    description: 'spread messages over this many tags (default 0)',
  },
  {
    short: 'q',
    long: 'messageQuantity',
    kind: 'int',
    description: 'stop after this many messages (default 0 = no limit)',
  },
  { short: 'd', long: 'delayEnable', kind: 'bool', description: 'send delayed messages (default false)' },
  { short: 'e', long: 'delayLevel', kind: 'int', description: 'delay level with -d (default 1)' },
  {
    short: 'y',
    long: 'asyncEnable',
    kind: 'bool',
    description: 'one sender, up to 10000 sends in flight (default false)',
  },
  { long: 'seconds', kind: 'int', description: 'stop after this many seconds (default 0 = no limit)' },
  { long: 'reportIntervalSeconds', kind: 'int', description: 'seconds between report lines (default 10)' },
];

const ASYNC_IN_FLIGHT_MAX = 10_000;
const FAILURE_PAUSE_MS = 3_000;
const FAILURES_PRINTED_MAX = 10;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface ProducerBenchmarkSettings {
  namesrvAddr: string;
  topic: string;
  threadCount: number;
  messageSize: number;
  keyEnable: boolean;
  tagCount: number;
  messageQuantity: number;
  delayEnable: boolean;
  delayLevel: number;
  asyncEnable: boolean;
  seconds: number;
  reportIntervalSeconds: number;
}

export interface ProducerSummary {
  sent: number;
  sendFailed: number;
  responseFailed: number;
  tps: number;
}

export function producerSettings(parsed: ParsedOptions): ProducerBenchmarkSettings {
  const asyncEnable = boolOption(parsed, 'asyncEnable', false);
  return {
    namesrvAddr: stringOption(parsed, 'namesrvAddr', defaultNamesrvAddr()),
    topic: stringOption(parsed, 'topic', 'BenchmarkTest'),
    threadCount: asyncEnable ? 1 : Math.max(1, intOption(parsed, 'threadCount', 64)),
    messageSize: intOption(parsed, 'messageSize', 128),
    keyEnable: boolOption(parsed, 'keyEnable', false),
    tagCount: intOption(parsed, 'tagCount', 0),
    messageQuantity: intOption(parsed, 'messageQuantity', 0),
    delayEnable: boolOption(parsed, 'delayEnable', false),
    delayLevel: intOption(parsed, 'delayLevel', 1),
    asyncEnable,
    seconds: intOption(parsed, 'seconds', 0),
    reportIntervalSeconds: Math.max(1, intOption(parsed, 'reportIntervalSeconds', 10)),
  };
}

function randomBody(size: number): Buffer {
  const random = randomBytes(size);
  for (let i = 0; i < size; i++) random[i] = ALPHANUMERIC.charCodeAt((random[i] ?? 0) % ALPHANUMERIC.length);
  return random;
}

class ProducerRun {
  sent = 0;
  sendFailed = 0;
  responseFailed = 0;
  latencyTotalMs = 0;
  issued = 0;
  stopped = false;
  readonly stats = new RollingStats(() => [
    this.sent,
    this.sendFailed,
    this.responseFailed,
    this.latencyTotalMs,
  ]);
  private readonly body: Buffer;
  private failuresPrinted = 0;

  constructor(
    readonly s: ProducerBenchmarkSettings,
    private readonly producer: Producer,
    private readonly print: (line: string) => void,
  ) {
    this.body = randomBody(s.messageSize);
  }

  /** Claims the next message; false once -q is reached or the run stopped. */
  claim(): boolean {
    if (this.stopped || (this.s.messageQuantity > 0 && this.issued >= this.s.messageQuantity)) return false;
    this.issued++;
    return true;
  }

  message(): Message {
    const now = Date.now();
    const msg: Message = { topic: this.s.topic, body: this.body };
    if (this.s.keyEnable) msg.keys = String(Math.floor(now / 1000));
    if (this.s.delayEnable) msg.delayTimeLevel = this.s.delayLevel;
    if (this.s.tagCount > 0) msg.tags = `tag${now % this.s.tagCount}`;
    return msg;
  }

  /** One send; false when the sender should pause (as RocketMQ's does after a failure). */
  async sendOne(): Promise<boolean> {
    const started = process.hrtime.bigint();
    try {
      await this.producer.send(this.message());
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      this.sent++;
      this.latencyTotalMs += ms;
      this.stats.recordLatencyMs(ms);
      return true;
    } catch (err) {
      if (isMQBrokerError(err)) this.responseFailed++;
      else this.sendFailed++;
      this.reportFailure(err);
      return false;
    }
  }

  /** Prints the first failures (RocketMQ's benchmark prints each one); later ones are only counted. */
  private reportFailure(err: unknown): void {
    if (this.failuresPrinted >= FAILURES_PRINTED_MAX) return;
    this.failuresPrinted++;
    const why = err instanceof Error ? err.message : String(err);
    const more = this.failuresPrinted === FAILURES_PRINTED_MAX ? ' (further failures are only counted)' : '';
    this.print(`send failed: ${why}${more}`);
  }
}

async function sender(run: ProducerRun): Promise<void> {
  while (run.claim()) {
    if (!(await run.sendOne())) await pause(run, FAILURE_PAUSE_MS);
  }
}

async function asyncSender(run: ProducerRun): Promise<void> {
  const inFlight = new Set<Promise<unknown>>();
  while (run.claim()) {
    if (inFlight.size >= ASYNC_IN_FLIGHT_MAX) await Promise.race(inFlight);
    const send = run.sendOne().finally(() => inFlight.delete(send));
    inFlight.add(send);
  }
  await Promise.all(inFlight);
}

async function pause(run: ProducerRun, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!run.stopped && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
}

function reportLine(run: ProducerRun, done: boolean): string {
  const tps = Math.round(run.stats.window(0)?.perSecond ?? 0);
  const sentDelta = run.stats.delta(0);
  const avg = sentDelta > 0 ? run.stats.delta(3) / sentDelta : 0;
  const tail =
    `Send TPS: ${tps} Max RT(ms): ${Math.round(run.stats.maxLatencyMs)} Average RT(ms): ${avg.toFixed(3).padStart(7)} ` +
    `Send Failed: ${run.sendFailed} Response Failed: ${run.responseFailed} ${run.stats.percentilesText()}`;
  if (done) return `[Complete] Send Total: ${run.sent + run.sendFailed + run.responseFailed} ${tail}`;
  return `Current Time: ${humanTime(Date.now())} ${tail}`;
}

export async function runProducerBenchmark(
  s: ProducerBenchmarkSettings,
  print: (line: string) => void,
  stopSignal: Promise<void> = new Promise(() => undefined),
): Promise<ProducerSummary> {
  print(
    `topic: ${s.topic} threadCount: ${s.threadCount} messageSize: ${s.messageSize} keyEnable: ${s.keyEnable} ` +
      `tagCount: ${s.tagCount} messageQuantity: ${s.messageQuantity} delayEnable: ${s.delayEnable} ` +
      `delayLevel: ${s.delayLevel} asyncEnable: ${s.asyncEnable}`,
  );
  const producer = new Producer({
    producerGroup: 'benchmark_producer',
    namesrvAddr: s.namesrvAddr,
    instanceName: String(Date.now()),
    compressMsgBodyOverHowmuch: Number.MAX_SAFE_INTEGER,
  });
  await producer.start();
  const run = new ProducerRun(s, producer, print);
  const ticker = setInterval(() => run.stats.snapshot(), 1000);
  const reporter = setInterval(() => print(reportLine(run, false)), s.reportIntervalSeconds * 1000);
  const deadline = s.seconds > 0 ? setTimeout(() => (run.stopped = true), s.seconds * 1000) : undefined;
  void stopSignal.then(() => (run.stopped = true));
  try {
    run.stats.snapshot();
    const senders = Array.from({ length: s.threadCount }, () =>
      s.asyncEnable ? asyncSender(run) : sender(run),
    );
    await Promise.all(senders);
    run.stats.snapshot();
    print(reportLine(run, true));
  } finally {
    clearInterval(ticker);
    clearInterval(reporter);
    if (deadline) clearTimeout(deadline);
    await producer.shutdown();
  }
  return {
    sent: run.sent,
    sendFailed: run.sendFailed,
    responseFailed: run.responseFailed,
    tps: Math.round(run.stats.window(0)?.perSecond ?? 0),
  };
}
