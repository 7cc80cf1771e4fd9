/**
 * `bin/benchmark <producer|consumer|store> [options]`: RocketMQ's benchmark tools (producer and
 * consumer take RocketMQ's option letters and print its report lines) and the store benchmark.
 * Ctrl-C ends a producer or consumer run with its [Complete] line.
 */
import os from 'node:os';
import path from 'node:path';
import { ToolUsageError, parseToolOptions, usage } from '@rmq/config';
import { CONSUMER_OPTIONS, consumerSettings, runConsumerBenchmark } from './consumer-benchmark';
import { PRODUCER_OPTIONS, producerSettings, runProducerBenchmark } from './producer-benchmark';
import { runStoreBenchmark } from './store-benchmark';

const print = (line: string): void => void process.stdout.write(`${line}\n`);

function option(args: string[], names: string[], fallback: string): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    for (const name of names) {
      if (arg === name) return args[i + 1] ?? fallback;
      if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
    }
  }
  return fallback;
}

function positiveInt(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a whole number, got '${text}'`);
  return n;
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => process.once('SIGINT', () => resolve()));
}

async function store(args: string[]): Promise<void> {
  await runStoreBenchmark({
    dir: path.resolve(option(args, ['--dir'], path.join(os.tmpdir(), 'rmq-store-benchmark'))),
    seconds: positiveInt(option(args, ['--seconds'], '10'), '--seconds'),
    writers: positiveInt(option(args, ['-w', '--writers'], '64'), '-w'),
    messageBytes: positiveInt(option(args, ['-s', '--size'], '1024'), '-s'),
    recoveryMiB: positiveInt(option(args, ['--recovery-mib'], '1024'), '--recovery-mib'),
    print,
  });
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'store') return store(args);
  if (command === 'producer') {
    const summary = await runProducerBenchmark(
      producerSettings(parseToolOptions(args, PRODUCER_OPTIONS)),
      print,
      interrupted(),
    );
    process.exit(summary.sent > 0 ? 0 : 1);
  }
  if (command === 'consumer') {
    await runConsumerBenchmark(
      consumerSettings(parseToolOptions(args, CONSUMER_OPTIONS)),
      print,
      interrupted(),
    );
    process.exit(0);
  }
  process.stderr.write(
    [
      'usage: benchmark <producer|consumer|store> [options]',
      usage('benchmark producer', PRODUCER_OPTIONS),
      usage('benchmark consumer', CONSUMER_OPTIONS),
      'usage: benchmark store [--dir DIR] [--seconds N] [-w writers] [-s bodyBytes] [--recovery-mib N]',
      '',
    ].join('\n'),
  );
  process.exit(command === undefined || command === '-h' || command === '--help' ? 0 : 1);
}

main().catch((err: unknown) => {
  if (err instanceof ToolUsageError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
