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
import { measureDiskLimits, measureGroupCommitCycles } from './disk-limits';
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
  /** Process CPU time (user + system) over the run, in seconds; one core busy for the run is `seconds`. */
  cpuSeconds: number;
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
    cpuSeconds: 0,
  };
  const cpuAtStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  const progress = everySecond(run, options.print);
  // Timers flip flags, so the writers' loop does not read the clock twice per put.
  let timeUp = false;
  let hardStop = false;
  const soft = setTimeout(() => (timeUp = true), options.seconds * 1000);
  const hard = setTimeout(() => (hardStop = true), options.seconds * 1000 + 120_000);
  const done = (): boolean => hardStop || (timeUp && run.bytes >= minBytes);
  await Promise.all(Array.from({ length: options.writers }, (_, i) => writer(store, msg, i % 8, done, run)));
  run.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuAtStart);
  run.cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(progress);
  clearTimeout(soft);
  clearTimeout(hard);
  await store.shutdown();
  return run;
}

/** Prints, once a second, what the last second appended (long runs show progress). */
function everySecond(run: AppendRun, print: (line: string) => void): NodeJS.Timeout {
  let lastMessages = 0;
  let lastBytes = 0;
  let elapsed = 0;
  return setInterval(() => {
    elapsed += 1;
    const messages = run.messages - lastMessages;
    const mib = (run.bytes - lastBytes) / MIB;
    lastMessages = run.messages;
    lastBytes = run.bytes;
    print(
      `  ${run.mode} ${String(elapsed).padStart(3)} s: ${messages.toLocaleString('en-US')} msg/s, ${mib.toFixed(1)} MiB/s`,
    );
  }, 1000);
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
  const cpuMicrosPerMessage = run.messages > 0 ? (run.cpuSeconds * 1e6) / run.messages : 0;
  return (
    `${run.mode.padEnd(11)} ${Math.round(run.messages / run.seconds).toLocaleString('en-US')} msg/s, ` +
    `${mibps.toFixed(1)} MiB/s (${((mibps / seqMiBps) * 100).toFixed(0)}% of sequential write), ` +
    `put latency p50 ${ms(run.latency.percentileMicros(0.5))} ms, p99 ${ms(run.latency.percentileMicros(0.99))} ms, ` +
    `p999 ${ms(run.latency.percentileMicros(0.999))} ms, max ${ms(run.latency.maxMicros)} ms, failed ${run.failed}; ` +
    `CPU ${(run.cpuSeconds / run.seconds).toFixed(2)} core (${cpuMicrosPerMessage.toFixed(1)} µs per message)`
  );
}

/** The SYNC_FLUSH line's comparison with what the disk alone allows for its group size. */
function describeGroupCommitCeiling(run: AppendRun, writers: number, cyclesPerSecond: number): string {
  const ceiling = writers * cyclesPerSecond;
  const rate = run.messages / run.seconds;
  return (
    `SYNC_FLUSH / group-commit ceiling: ${((rate / ceiling) * 100).toFixed(0)}% (the disk alone does ` +
    `${Math.round(cyclesPerSecond).toLocaleString('en-US')} write+fdatasync/s of ${writers} records, ` +
    `so ${Math.round(ceiling).toLocaleString('en-US')} msg/s for ${writers} closed-loop writers with no CPU cost)`
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
  const shortMs = Math.min(3000, options.seconds * 1000);
  const limits = measureDiskLimits(options.dir, options.seconds * 1000, shortMs);
  print(
    `machine     sequential write ${limits.sequentialWriteMiBps.toFixed(1)} MiB/s (1 MiB writes for ${options.seconds} s, then fdatasync), ` +
      `device ${limits.deviceWriteMiBps === undefined ? 'n/a' : `${limits.deviceWriteMiBps.toFixed(1)} MiB/s`} (the same with O_DIRECT), ` +
      `${Math.round(limits.fsyncsPerSecond)} fdatasync/s (4 KiB)`,
  );
  const asyncDir = path.join(options.dir, 'async');
  const syncDir = path.join(options.dir, 'sync');
  try {
    // Each mode starts with no dirty pages left by the one before (writeback would slow its fsyncs).
    settleDisk();
    const syncRun = await runAppends(options, 'SYNC_FLUSH', syncDir);
    settleDisk();
    const recordBytes =
      syncRun.messages > 0 ? Math.round(syncRun.bytes / syncRun.messages) : options.messageBytes;
    const groupCommitCycles = measureGroupCommitCycles(options.dir, options.writers * recordBytes, shortMs);
    settleDisk();
    const asyncRun = await runAppends(options, 'ASYNC_FLUSH', asyncDir, options.recoveryMiB * MIB);
    print(describeRun(asyncRun, limits.sequentialWriteMiBps));
    print(describeRun(syncRun, limits.sequentialWriteMiBps));
    print(
      `SYNC_FLUSH / ASYNC_FLUSH throughput: ${((syncRun.bytes / syncRun.seconds / (asyncRun.bytes / asyncRun.seconds)) * 100).toFixed(0)}%`,
    );
    print(describeGroupCommitCeiling(syncRun, options.writers, groupCommitCycles));
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
