/**
 * Crash property test on the fault-injecting disk. Per seed: random single and batch puts of random
 * sizes under SYNC_FLUSH (small files, so they roll), random turns, flushes and checkpoint writes,
 * then a power cut (unsynced writes kept, dropped or torn) and abnormal recovery from the checkpoint,
 * twice in a row. After each recovery: every put that completed PUT_OK before the cut is present
 * byte for byte at its offset; the log is a chain of valid records up to its end and zeros after it;
 * queue offsets per queue run 0, 1, 2, ... without gaps; and appending goes on at the end.
 * A failure names its seed; rerun with that seed alone to reproduce it.
 */
import {
  BLANK_MAGIC_CODE,
  decodeStoredMessage,
  isDispatchedTransactionType,
  MessageSysFlag,
} from '@rmq/protocol';
import { seededRandom, SeededRandom } from '@rmq/testing';
import { AbortFile } from '../checkpoint/abort-file';
import { StoreCheckpoint } from '../checkpoint/store-checkpoint';
import { FaultInjectingFileSystem } from '../fs/fault-injecting-file-system';
import type { MessageToStore, PutMessageResult } from '../message-store';
import { CommitLog } from './commit-log';
import { topicQueueKey } from './commit-log-options';
import { checkRecord } from './commit-log-record-check';
import { recoverCommitLogAbnormally } from './commit-log-recovery';
import { freshFaultFs, message, testConfig } from './test/commit-log-test-kit';

const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);
const OPS_PER_CYCLE = 250;
const CYCLES = 2;
const FILE_BYTES = 8192;
const CONFIG = testConfig({
  mappedFileSizeCommitLog: FILE_BYTES,
  maxMessageSize: 3000,
  syncFlushTimeout: 60_000,
});

interface Acked {
  offset: number;
  record: Buffer;
}

interface Run {
  fs: FaultInjectingFileSystem;
  commitLog: CommitLog;
  checkpoint: StoreCheckpoint;
  acked: Acked[];
  inFlight: Set<Promise<unknown>>;
  /** Store timestamps jump 0..1.5 s per put, so the checkpoint picks different start files. */
  clock: { nowMs: number };
  cut: boolean;
}

function randomMessage(random: SeededRandom, sysFlag = 0): MessageToStore {
  const withProperties = random.next() < 0.8;
  return message({
    topic: `T${random.int(0, 3)}`,
    queueId: random.int(0, 1),
    sysFlag,
    body: Buffer.alloc(random.int(0, 1500)).fill(random.bytes(16)),
    propertiesString: withProperties
      ? `KEYS\u0001k${random.int(0, 1e6)}\u0002TAGS\u0001T${random.int(0, 9)}`
      : '',
  });
}

/** Puts completing after the power cut do not count: only what was acknowledged before it. */
function recordAcks(run: Run, result: PutMessageResult): void {
  if (run.cut || result.status !== 'PUT_OK' || !result.appendResult) return;
  let offset = result.appendResult.wroteOffset;
  for (let i = 0; i < result.appendResult.msgNum; i += 1) {
    const record = run.commitLog.lookMessage(offset);
    if (!record) throw new Error(`acked record at ${offset} cannot be read back`);
    run.acked.push({ offset, record: Buffer.from(record) });
    offset += record.length;
  }
}

function track(run: Run, put: Promise<PutMessageResult>): void {
  const tracked = put.then((r) => recordAcks(run, r));
  run.inFlight.add(tracked);
  void tracked.finally(() => run.inFlight.delete(tracked));
}

async function randomOp(run: Run, random: SeededRandom): Promise<void> {
  const roll = random.next();
  if (roll < 0.45) {
    const transactional = random.next() < 0.1 ? MessageSysFlag.TRANSACTION_PREPARED_TYPE : 0;
    track(run, run.commitLog.putMessage(randomMessage(random, transactional)));
  } else if (roll < 0.6) {
    const first = randomMessage(random);
    const batch = Array.from({ length: random.int(2, 4) }, () => ({
      ...randomMessage(random),
      topic: first.topic,
      queueId: first.queueId,
    }));
    batch.forEach((m) => (m.body = m.body.subarray(0, 500)));
    track(run, run.commitLog.putMessages(batch));
  } else if (roll < 0.8) {
    await new Promise((r) => setImmediate(r));
  } else if (roll < 0.9) {
    await Promise.all([...run.inFlight]);
  } else if (roll < 0.95) {
    await run.commitLog.flush();
  } else {
    run.checkpoint.logicsMsgTimestamp = run.checkpoint.physicMsgTimestamp;
    await run.checkpoint.flush();
  }
}

async function start(fs: FaultInjectingFileSystem, nowMs: number, random: SeededRandom): Promise<Run> {
  const abort = new AbortFile(fs, '/store/abort');
  const crashed = abort.exists();
  const checkpoint = await StoreCheckpoint.open(fs, '/store/checkpoint');
  const clock = { nowMs };
  const commitLog = new CommitLog({
    fs,
    config: CONFIG,
    checkpoint,
    clock: () => (clock.nowMs += random.int(0, 1500)),
  });
  const run: Run = { fs, checkpoint, commitLog, acked: [], inFlight: new Set(), clock, cut: false };
  await run.commitLog.load();
  const result = await recoverCommitLogAbnormally(run.commitLog, {
    checkCRCOnRecover: true,
    checkpoint: crashed
      ? checkpoint.timestamps()
      : { physicMsgTimestamp: 0, logicsMsgTimestamp: 0, indexMsgTimestamp: 0 },
  });
  expect(result.dispatchFromOffset).toBe(result.scanFromOffset);
  seedFromConsumeQueues(run.commitLog, result.scanFromOffset);
  run.commitLog.start();
  await abort.create();
  return run;
}

/**
 * What the composer does with the consume queues, which hold every record before the scan start
 * (the checkpoint says they were flushed): raise the topic-queue table past them.
 */
function seedFromConsumeQueues(commitLog: CommitLog, scanFromOffset: number): void {
  for (const { offset, record } of commitLog.readRecordsFrom(
    commitLog.minOffset(),
    Number.MAX_SAFE_INTEGER,
  )) {
    if (offset >= scanFromOffset) return;
    const msg = decodeStoredMessage(record);
    if (isDispatchedTransactionType(msg.sysFlag)) {
      commitLog.raiseTopicQueueOffset(topicQueueKey(msg.topic, msg.queueId), msg.queueOffset + 1);
    }
  }
}

function expectConsistent(run: Run, ackedBefore: readonly Acked[]): void {
  const { commitLog } = run;
  for (const acked of ackedBefore) {
    const found = commitLog.lookMessage(acked.offset);
    if (!found?.equals(acked.record))
      throw new Error(`acknowledged record at ${acked.offset} was lost or changed`);
  }
  const end = commitLog.maxOffset();
  const nextQueueOffset = new Map<string, number>();
  let walked = commitLog.minOffset();
  for (const { offset, size, record } of commitLog.readRecordsFrom(walked, Number.MAX_SAFE_INTEGER)) {
    if (offset !== walked) expect(offset % FILE_BYTES).toBe(0);
    const check = checkRecord(record, 0, offset, true);
    if (!check.ok) throw new Error(`record at ${offset}: ${check.reason}`);
    if (isDispatchedTransactionType(check.record.sysFlag)) {
      const key = topicQueueKey(check.record.topic, check.record.queueId);
      expect(check.record.queueOffset).toBe(nextQueueOffset.get(key) ?? 0);
      nextQueueOffset.set(key, check.record.queueOffset + 1);
    }
    walked = offset + size;
  }
  if (walked !== end) {
    const blank = commitLog.getData(walked, 8)!;
    expect([blank.readInt32BE(0), blank.readInt32BE(4), end % FILE_BYTES]).toEqual([
      end - walked,
      BLANK_MAGIC_CODE,
      0,
    ]);
  }
  for (const [key, next] of nextQueueOffset) expect(commitLog.topicQueueTable().get(key)).toBe(next);
  const lastFile = commitLog.mappedFileQueue.last();
  if (lastFile) {
    const tail = run.fs.readFile(lastFile.fileName).subarray(lastFile.wrotePosition);
    if (!tail.equals(Buffer.alloc(tail.length))) throw new Error(`bytes after the end ${end} are not zeros`);
  }
}

describe('commit log crash recovery (fault-injecting disk, SYNC_FLUSH)', () => {
  it.each(SEEDS)(
    'seed %i: every acknowledged put survives a power cut, nothing torn is kept',
    async (seed) => {
      const random = seededRandom(seed);
      let fs = await freshFaultFs();
      let run = await start(fs, 1_000_000, random);
      let acked: Acked[] = [];
      for (let cycle = 0; cycle < CYCLES; cycle += 1) {
        const ops = random.int(OPS_PER_CYCLE / 2, OPS_PER_CYCLE);
        for (let i = 0; i < ops; i += 1) await randomOp(run, random);
        acked = [...acked, ...run.acked];
        run.cut = true;
        fs = fs.crash(seed * 1000 + cycle);
        await run.commitLog.shutdown().catch(() => undefined);
        run = await start(fs, run.clock.nowMs, random);
        expectConsistent(run, acked);
        acked = acked.filter((a) => a.offset >= run.commitLog.minOffset());
        const after = await run.commitLog.putMessage(randomMessage(random));
        expect(after.status).toBe('PUT_OK');
        const expectedQueueOffset =
          run.commitLog.topicQueueTable().get(topicQueueKey(...keyOf(after, run))) ?? 0;
        expect(after.appendResult!.logicsOffset).toBe(expectedQueueOffset - 1);
        recordAcks(run, after);
      }
      expect(acked.length).toBeGreaterThan(0);
      await run.commitLog.shutdown();
      run.checkpoint.close();
    },
  );
});

function keyOf(result: PutMessageResult, run: Run): [string, number] {
  const msg = decodeStoredMessage(run.commitLog.lookMessage(result.appendResult!.wroteOffset)!);
  return [msg.topic, msg.queueId];
}
