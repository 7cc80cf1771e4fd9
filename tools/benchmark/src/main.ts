/**
 * `bin/benchmark <store|producer|consumer> [options]`. The store benchmark is here; producer and
 * consumer (RocketMQ's option letters and output lines) arrive with the broker.
 */
import os from 'node:os';
import path from 'node:path';
import { runStoreBenchmark } from './store-benchmark';

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

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (command !== 'store') {
    process.stderr.write(
      'usage: benchmark store [--dir DIR] [--seconds N] [-w writers] [-s bodyBytes] [--recovery-mib N]\n',
    );
    process.exit(command === undefined || command === '-h' ? 0 : 1);
  }
  await runStoreBenchmark({
    dir: path.resolve(option(args, ['--dir'], path.join(os.tmpdir(), 'rmq-store-benchmark'))),
    seconds: positiveInt(option(args, ['--seconds'], '10'), '--seconds'),
    writers: positiveInt(option(args, ['-w', '--writers'], '64'), '-w'),
    messageBytes: positiveInt(option(args, ['-s', '--size'], '1024'), '-s'),
    recoveryMiB: positiveInt(option(args, ['--recovery-mib'], '1024'), '--recovery-mib'),
    print: (line) => process.stdout.write(`${line}\n`),
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
