/**
 * Flushing: under SYNC_FLUSH a put completes only after an fsync covering it, concurrent puts share
 * fsyncs (group commit), and a hung or failed fsync answers FLUSH_DISK_TIMEOUT; under ASYNC_FLUSH
 * the real-time service honours its page threshold and thorough interval. Sticky errors: after a
 * failed write or fsync every later append is refused with the same error, reads go on.
 */
import { StoreCheckpoint } from '../checkpoint/store-checkpoint';
import { FaultInjectingFileSystem } from '../fs/fault-injecting-file-system';
import { CommitLog } from './commit-log';
import { FlushRealTimeService } from './flush-real-time.service';
import { GroupCommitService } from './group-commit.service';
import {
  COMMIT_LOG_DIR,
  CountingFileSystem,
  freshFaultFs,
  message,
  messageOfSize,
  openCommitLog,
  recordingLogger,
  steppingClock,
  testConfig,
} from './test/commit-log-test-kit';

const FIRST_FILE = `${COMMIT_LOG_DIR}/00000000000000000000`;
const BIG_FILES = { mappedFileSizeCommitLog: 1024 * 1024 };

async function until(what: string, probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('CommitLog under SYNC_FLUSH', () => {
  let fs: FaultInjectingFileSystem;
  let commitLog: CommitLog;

  beforeEach(async () => {
    fs = await freshFaultFs();
  });
  afterEach(async () => {
    fs.releaseHungSyncs();
    await commitLog.shutdown().catch(() => undefined);
  });

  it('completes a put only once an fsync made its record durable', async () => {
    ({ commitLog } = await openCommitLog({ fs, config: testConfig(BIG_FILES) }));
    fs.failSyncs({ mode: 'hang', times: 1 });
    const syncsBefore = fs.syncCount();
    let status: string | undefined;
    const put = commitLog.putMessage(message()).then((r) => (status = r.status));
    await until('the hung fsync', () => fs.syncCount() > syncsBefore);
    await new Promise((r) => setTimeout(r, 20));
    expect(status).toBeUndefined();
    expect(fs.durableContent(FIRST_FILE)?.readInt32BE(0) ?? 0).toBe(0);
    fs.releaseHungSyncs();
    await put;
    expect(status).toBe('PUT_OK');
    const durable = fs.durableContent(FIRST_FILE)!;
    expect(durable.subarray(0, commitLog.maxOffset())).toEqual(commitLog.getData(0, commitLog.maxOffset()));
  });

  it('shares fsyncs among concurrent puts (group commit)', async () => {
    ({ commitLog } = await openCommitLog({ fs, config: testConfig(BIG_FILES) }));
    const before = fs.syncCount();
    for (let round = 0; round < 5; round += 1) {
      const results = await Promise.all(
        Array.from({ length: 64 }, () => commitLog.putMessage(messageOfSize(300))),
      );
      expect(results.every((r) => r.status === 'PUT_OK')).toBe(true);
    }
    const syncs = fs.syncCount() - before;
    expect(syncs).toBeGreaterThanOrEqual(5);
    expect(syncs).toBeLessThanOrEqual(10);
    expect(commitLog.flushedOffset()).toBe(commitLog.maxOffset());
  });

  it('answers FLUSH_DISK_TIMEOUT when the fsync hangs past syncFlushTimeout; the record is stored', async () => {
    ({ commitLog } = await openCommitLog({
      fs,
      config: testConfig({ ...BIG_FILES, syncFlushTimeout: 200 }),
    }));
    fs.failSyncs({ mode: 'hang', times: 1 });
    const started = Date.now();
    const result = await commitLog.putMessage(message());
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(result.status).toBe('FLUSH_DISK_TIMEOUT');
    expect(result.appendResult?.wroteOffset).toBe(0);
    expect(commitLog.lookMessage(0)).toBeDefined();
    fs.releaseHungSyncs();
    expect((await commitLog.putMessage(message())).status).toBe('PUT_OK');
  });

  it('answers FLUSH_DISK_TIMEOUT at once when the fsync fails, then refuses appends (sticky)', async () => {
    const logger = recordingLogger();
    ({ commitLog } = await openCommitLog({
      fs,
      logger,
      config: testConfig({ ...BIG_FILES, syncFlushTimeout: 30_000 }),
    }));
    expect((await commitLog.putMessage(message())).status).toBe('PUT_OK');
    fs.failSyncs({ times: 1 });
    const waiting = await Promise.all([commitLog.putMessage(message()), commitLog.putMessage(message())]);
    expect(waiting.map((r) => r.status)).toEqual(['FLUSH_DISK_TIMEOUT', 'FLUSH_DISK_TIMEOUT']);
    expect(waiting[0]!.remark).toMatch(/fsync/);
    const error = commitLog.error();
    expect(error).toBeDefined();
    const later = await commitLog.putMessage(message());
    expect(later.status).toBe('UNKNOWN_ERROR');
    expect(later.remark).toContain(error!.message);
    expect((await commitLog.putMessages([message()])).status).toBe('UNKNOWN_ERROR');
    expect(commitLog.error()).toBe(error);
    expect(commitLog.lookMessage(waiting[1]!.appendResult!.wroteOffset)).toBeDefined();
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  it('refuses appends with the same error after a failed write, and keeps serving reads', async () => {
    ({ commitLog } = await openCommitLog({ fs, config: testConfig(BIG_FILES) }));
    const first = await commitLog.putMessage(message({ body: Buffer.from('first') }));
    fs.failWrites({ path: 'commitlog', afterBytes: 10 });
    const failed = await Promise.all([commitLog.putMessage(message()), commitLog.putMessage(message())]);
    expect(failed.map((r) => r.status)).toEqual(['UNKNOWN_ERROR', 'UNKNOWN_ERROR']);
    fs.clearFaults();
    const error = commitLog.error();
    expect(error?.code).toBe('STORE_IO_ERROR');
    const later = await commitLog.putMessage(message());
    expect(later).toEqual({ status: 'UNKNOWN_ERROR', remark: expect.stringContaining(error!.message) });
    expect(commitLog.error()).toBe(error);
    expect(commitLog.lookMessage(first.appendResult!.wroteOffset)).toBeDefined();
    await expect(commitLog.flush()).rejects.toBe(error);
  });

  it('answers OS_PAGECACHE_BUSY once inFlightPutsMax puts wait for the disk', async () => {
    ({ commitLog } = await openCommitLog({ fs, inFlightPutsMax: 4, config: testConfig(BIG_FILES) }));
    fs.failSyncs({ mode: 'hang', times: 1 });
    const syncsBefore = fs.syncCount();
    const waiting = Array.from({ length: 4 }, () => commitLog.putMessage(message()));
    const refused = await commitLog.putMessage(message());
    expect(refused.status).toBe('OS_PAGECACHE_BUSY');
    await until('the hung fsync', () => fs.syncCount() > syncsBefore);
    expect((await commitLog.putMessage(message())).status).toBe('OS_PAGECACHE_BUSY');
    fs.releaseHungSyncs();
    expect((await Promise.all(waiting)).map((r) => r.status)).toEqual([
      'PUT_OK',
      'PUT_OK',
      'PUT_OK',
      'PUT_OK',
    ]);
    expect((await commitLog.putMessage(message())).status).toBe('PUT_OK');
  });

  it('answers CREATE_MAPEDFILE_FAILED when the next file cannot be created, without poisoning the log', async () => {
    const counting = new CountingFileSystem(fs);
    ({ commitLog } = await openCommitLog({ fs: counting }));
    for (let i = 0; i < 4; i += 1)
      expect((await commitLog.putMessage(messageOfSize(1000))).status).toBe('PUT_OK');
    counting.refuseOpen = /00000000000000004096$/;
    expect((await commitLog.putMessage(messageOfSize(1000))).status).toBe('CREATE_MAPEDFILE_FAILED');
    counting.refuseOpen = undefined;
    const after = await commitLog.putMessage(messageOfSize(1000));
    expect(after).toMatchObject({ status: 'PUT_OK', appendResult: { wroteOffset: 4096 } });
  });

  it('settles waiting puts at shutdown with a final flush', async () => {
    ({ commitLog } = await openCommitLog({ fs, config: testConfig(BIG_FILES) }));
    const puts = Array.from({ length: 8 }, () => commitLog.putMessage(message()));
    await commitLog.shutdown();
    expect((await Promise.all(puts)).every((r) => r.status === 'PUT_OK')).toBe(true);
    expect(fs.durableContent(FIRST_FILE)!.readInt32BE(0)).toBeGreaterThan(0);
  });

  it('moves the checkpoint physicMsgTimestamp to the newest flushed record', async () => {
    const checkpoint = await StoreCheckpoint.open(fs, '/store/checkpoint');
    ({ commitLog } = await openCommitLog({
      fs,
      checkpoint,
      clock: steppingClock(777),
      config: testConfig(BIG_FILES),
    }));
    await commitLog.putMessage(message());
    await commitLog.putMessage(message());
    expect(checkpoint.physicMsgTimestamp).toBe(778);
    expect(commitLog.flushedStoreTimestamp()).toBe(778);
  });
});

describe('CommitLog under ASYNC_FLUSH', () => {
  let fs: FaultInjectingFileSystem;
  let commitLog: CommitLog;

  beforeEach(async () => {
    fs = await freshFaultFs();
  });
  afterEach(async () => commitLog.shutdown());

  it('completes puts once committed (no fsync), and flushes past flushCommitLogLeastPages', async () => {
    const config = testConfig({
      ...BIG_FILES,
      flushDiskType: 'ASYNC_FLUSH',
      flushIntervalCommitLog: 10,
      flushCommitLogLeastPages: 2,
      flushCommitLogThoroughInterval: 3_600_000,
    });
    ({ commitLog } = await openCommitLog({ fs, config }));
    const before = fs.syncCount();
    for (let i = 0; i < 7; i += 1)
      expect((await commitLog.putMessage(messageOfSize(1000))).status).toBe('PUT_OK');
    expect(fs.readFile(FIRST_FILE).readInt32BE(6000)).toBe(1000);
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.syncCount() - before).toBe(0);
    expect(commitLog.unflushedBytes()).toBe(7000);
    await commitLog.putMessage(messageOfSize(1200));
    await until('a flush past 2 pages', () => commitLog.unflushedBytes() === 0);
    expect(fs.syncCount() - before).toBeGreaterThanOrEqual(1);
  });

  it('flushes whatever is unflushed once the thorough interval passed', async () => {
    const config = testConfig({
      ...BIG_FILES,
      flushDiskType: 'ASYNC_FLUSH',
      flushIntervalCommitLog: 10,
      flushCommitLogLeastPages: 1000,
      flushCommitLogThoroughInterval: 100,
    });
    ({ commitLog } = await openCommitLog({ fs, config }));
    await commitLog.putMessage(message());
    await until('a thorough flush', () => commitLog.unflushedBytes() === 0);
  });

  it('makes a failed background flush sticky', async () => {
    const config = testConfig({
      ...BIG_FILES,
      flushDiskType: 'ASYNC_FLUSH',
      flushIntervalCommitLog: 10,
      flushCommitLogThoroughInterval: 0,
    });
    ({ commitLog } = await openCommitLog({ fs, config }));
    fs.failSyncs({ times: 1 });
    expect((await commitLog.putMessage(message())).status).toBe('PUT_OK');
    await until('the flush failure', () => commitLog.error() !== undefined);
    expect((await commitLog.putMessage(message())).status).toBe('UNKNOWN_ERROR');
  });
});

describe('FlushRealTimeService thresholds', () => {
  function service(
    unflushed: { bytes: number },
    now: { ms: number },
  ): { svc: FlushRealTimeService; flushes: () => number } {
    let flushes = 0;
    const target = {
      unflushedBytes: () => unflushed.bytes,
      flush: async () => {
        flushes += 1;
        unflushed.bytes = 0;
        return 0;
      },
    };
    const svc = new FlushRealTimeService(target, {
      intervalMs: 500,
      leastPages: 4,
      thoroughIntervalMs: 10_000,
      now: () => now.ms,
      onError: () => undefined,
    });
    return { svc, flushes: () => flushes };
  }

  it('flushes at 4 pages, and anything once per thorough interval', async () => {
    const unflushed = { bytes: 4 * 4096 - 1 };
    const now = { ms: 0 };
    const { svc, flushes } = service(unflushed, now);
    expect(await svc.runOnce()).toBe(false);
    unflushed.bytes += 1;
    expect(await svc.runOnce()).toBe(true);
    unflushed.bytes = 10;
    now.ms = 9_999;
    expect(await svc.runOnce()).toBe(false);
    now.ms = 10_000;
    expect(await svc.runOnce()).toBe(true);
    unflushed.bytes = 10;
    now.ms = 15_000;
    expect(await svc.runOnce()).toBe(false);
    expect(flushes()).toBe(2);
  });
});

describe('GroupCommitService', () => {
  it('bounds its requests, completes them in order, and times out the head', async () => {
    let release: (offset: number) => void = () => undefined;
    let flushes = 0;
    const svc = new GroupCommitService(
      () =>
        new Promise<number>((resolve) => {
          flushes += 1;
          release = resolve;
        }),
      { timeoutMs: 100, requestsMax: 3, now: () => performance.now() },
    );
    const a = svc.request(10);
    const b = svc.request(20);
    const c = svc.request(30);
    expect(svc.hasRoom(1)).toBe(false);
    expect(() => svc.request(40)).toThrow(/hasRoom/);
    release(20);
    expect(await a).toEqual({ kind: 'flushed' });
    expect(await b).toEqual({ kind: 'flushed' });
    expect(flushes).toBe(2);
    expect(await c).toEqual({ kind: 'timeout' });
    expect(svc.size).toBe(0);
    svc.close({ kind: 'flushed' });
  });
});
