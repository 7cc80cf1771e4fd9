/**
 * `bin/benchmark store`: appends 1 KiB messages to a DefaultMessageStore for a fixed time in each
 * flush mode with N concurrent writers, then times recovery of the log it wrote, and prints the
 * machine's own limits measured in the same run so the figures read as ratios. Not a test: it
 * asserts nothing. Every loop is bounded by a deadline.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { tagsCodeOf } from '@rmq/protocol';
import { DefaultMessageStore, defaultMessageStoreConfig, FlushDiskType, MessageToStore } from '@rmq/store';
import { measureDiskLimits } from './disk-limits';
import { LatencyHistogram } from './latency-histogram';

const MIB = 1024 * 1024;

export interface StoreBenchmarkOptions {
  dir: string;
  seconds: number;
  writers: number;
  messageBytes: number;
  /** Also time crash recovery of a log of at least this many MiB (0 = skip). */
  recoveryMiB: number;
  print: (line: string) => void;
}

export interface AppendRun {
  mode: FlushDiskType;
  messages: number;
  bytes: number;
  seconds: number;
  latency: LatencyHistogram;
  failed: number;
}

function benchmarkMessage(body: Buffer): MessageToStore {
  return {
    topic: 'BenchmarkTest',
    queueId: 0,
    flag: 0,
    body,
    propertiesString: 'TAGS\u0001bench',
    tagsCode: tagsCodeOf('bench'),
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: { host: '127.0.0.1', port: 40000 },
    storeHost: { host: '127.0.0.1', port: 10911 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  };
}

async function writer(
  store: DefaultMessageStore,
  msg: MessageToStore,
  queueId: number,
  until: () => boolean,
  run: AppendRun,
): Promise<void> {
  const own = { ...msg, queueId };
  while (!until()) {
    const started = process.hrtime.bigint();
    const result = await store.putMessage(own);
    run.latency.recordMicros(Number(process.hrtime.bigint() - started) / 1000);
    if (result.status === 'PUT_OK' && result.appendResult) {
      run.messages++;
      run.bytes += result.appendResult.wroteBytes;
    } else {
      run.failed++;
    }
  }
}

/** Appends for `seconds` (and, if asked, until the log holds minBytes), then shuts down cleanly. */
export async function runAppends(
  options: StoreBenchmarkOptions,
  mode: FlushDiskType,
  dir: string,
  minBytes = 0,
): Promise<AppendRun> {
  const store = new DefaultMessageStore({ config: defaultMessageStoreConfig(dir, { flushDiskType: mode }) });
  await store.start();
  const msg = benchmarkMessage(Buffer.alloc(options.messageBytes, 0x61));
  const run: AppendRun = {
    mode,
    messages: 0,
    bytes: 0,
    seconds: 0,
    latency: new LatencyHistogram(),
    failed: 0,
  };
  const started = process.hrtime.bigint();
  // Timers flip flags, so the writers' loop does not read the clock twice per put.
  let timeUp = false;
  let hardStop = false;
  const soft = setTimeout(() => (timeUp = true), options.seconds * 1000);
  const hard = setTimeout(() => (hardStop = true), options.seconds * 1000 + 120_000);
  const done = (): boolean => hardStop || (timeUp && run.bytes >= minBytes);
  await Promise.all(Array.from({ length: options.writers }, (_, i) => writer(store, msg, i % 8, done, run)));
  run.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearTimeout(soft);
  clearTimeout(hard);
  await store.shutdown();
  return run;
}

/** Times start() of a store whose last run "crashed": abort file present, checkpoint at zero. */
export async function timeCrashRecovery(dir: string): Promise<{ seconds: number; maxPhyOffset: number }> {
  const config = defaultMessageStoreConfig(dir);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(config.abortFile, '');
  writeFileSync(config.storeCheckpoint, Buffer.alloc(4096));
  const store = new DefaultMessageStore({ config });
  const started = process.hrtime.bigint();
  await store.start();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const maxPhyOffset = store.getMaxPhyOffset();
  await store.shutdown();
  return { seconds, maxPhyOffset };
}

function describeRun(run: AppendRun, seqMiBps: number): string {
  const mibps = run.bytes / MIB / run.seconds;
  const ms = (us: number): string => (us / 1000).toFixed(2);
  return (
    `${run.mode.padEnd(11)} ${Math.round(run.messages / run.seconds).toLocaleString('en-US')} msg/s, ` +
    `${mibps.toFixed(1)} MiB/s (${((mibps / seqMiBps) * 100).toFixed(0)}% of sequential write), ` +
    `put latency p50 ${ms(run.latency.percentileMicros(0.5))} ms, p99 ${ms(run.latency.percentileMicros(0.99))} ms, ` +
    `p999 ${ms(run.latency.percentileMicros(0.999))} ms, max ${ms(run.latency.maxMicros)} ms, failed ${run.failed}`
  );
}

/** Writes back every dirty page of the machine (sync(1)) so runs do not pay for each other. */
function settleDisk(): void {
  spawnSync('sync', { stdio: 'ignore', timeout: 120_000 });
}

export async function runStoreBenchmark(options: StoreBenchmarkOptions): Promise<void> {
  const { print } = options;
  mkdirSync(options.dir, { recursive: true });
  print(
    `store benchmark in ${options.dir}: ${options.writers} writers, ${options.messageBytes}-byte bodies, ${options.seconds} s per mode`,
  );
  settleDisk();
  const limits = measureDiskLimits(options.dir, options.seconds * 1000, 3000);
  print(
    `machine     sequential write ${limits.sequentialWriteMiBps.toFixed(1)} MiB/s (1 MiB writes for ${options.seconds} s, then fdatasync), ${Math.round(limits.fsyncsPerSecond)} fdatasync/s (4 KiB)`,
  );
  const asyncDir = path.join(options.dir, 'async');
  const syncDir = path.join(options.dir, 'sync');
  try {
    // Each mode starts with no dirty pages left by the one before (writeback would slow its fsyncs).
    settleDisk();
    const syncRun = await runAppends(options, 'SYNC_FLUSH', syncDir);
    settleDisk();
    const asyncRun = await runAppends(options, 'ASYNC_FLUSH', asyncDir, options.recoveryMiB * MIB);
    print(describeRun(asyncRun, limits.sequentialWriteMiBps));
    print(describeRun(syncRun, limits.sequentialWriteMiBps));
    print(
      `SYNC_FLUSH / ASYNC_FLUSH throughput: ${((syncRun.bytes / syncRun.seconds / (asyncRun.bytes / asyncRun.seconds)) * 100).toFixed(0)}%`,
    );
    if (options.recoveryMiB > 0) {
      settleDisk();
      const recovery = await timeCrashRecovery(asyncDir);
      print(
        `recovery    after a crash, whole log re-validated (CRC) and re-dispatched: ${(recovery.maxPhyOffset / MIB).toFixed(0)} MiB in ${recovery.seconds.toFixed(2)} s (${(recovery.seconds / (recovery.maxPhyOffset / MIB / 1024)).toFixed(1)} s per GiB)`,
      );
    }
  } finally {
    rmSync(asyncDir, { recursive: true, force: true });
    rmSync(syncDir, { recursive: true, force: true });
  }
}
