/**
 * Recovery on hand-made damage: where each mode starts scanning, what ends the log (zeros, a torn or
 * stale record, a bad CRC, a bad BLANK), that the tail past the end is cut on disk, that the
 * topic-queue table is rebuilt from the scanned records, and where dispatch must restart.
 */
import { encodeStoredMessage } from '@rmq/protocol';
import { FaultInjectingFileSystem } from '../fs/fault-injecting-file-system';
import { CommitLog } from './commit-log';
import { recoverCommitLogAbnormally, recoverCommitLogNormally } from './commit-log-recovery';
import {
  COMMIT_LOG_DIR,
  freshFaultFs,
  message,
  messageOfSize,
  openCommitLog,
  steppingClock,
  testConfig,
} from './test/commit-log-test-kit';

const FILE_BYTES = 4096;

function fileName(offset: number): string {
  return `${COMMIT_LOG_DIR}/${String(offset).padStart(20, '0')}`;
}

/** Appends, one put per 1000-byte record (4 per file); topic i % 3; returns the record offsets. */
async function fill(commitLog: CommitLog, records: number): Promise<number[]> {
  const offsets: number[] = [];
  for (let i = 0; i < records; i += 1) {
    const result = await commitLog.putMessage(messageOfSize(1000, { topic: `T${i % 3}`, queueId: 0 }));
    expect(result.status).toBe('PUT_OK');
    offsets.push(result.appendResult!.wroteOffset);
  }
  return offsets;
}

/** Writes raw bytes into a commit-log file and makes them durable. */
async function scribble(fs: FaultInjectingFileSystem, offset: number, bytes: Buffer): Promise<void> {
  const fileStart = offset - (offset % FILE_BYTES);
  const handle = fs.open(fileName(fileStart));
  handle.write(bytes, offset - fileStart);
  await handle.sync();
  handle.close();
}

async function reopen(fs: FaultInjectingFileSystem): Promise<CommitLog> {
  const commitLog = new CommitLog({ fs, config: testConfig(), clock: steppingClock(9_000_000) });
  await commitLog.load();
  return commitLog;
}

describe('commit-log recovery', () => {
  let fs: FaultInjectingFileSystem;
  let offsets: number[];
  let end: number;

  beforeEach(async () => {
    fs = await freshFaultFs();
    const { commitLog } = await openCommitLog({ fs, clock: steppingClock(1_000_000) });
    offsets = await fill(commitLog, 22);
    end = commitLog.maxOffset();
    await commitLog.shutdown();
  });

  it('finds the end normally from the last 3 files and rebuilds their queue offsets', async () => {
    expect(end).toBe(5 * FILE_BYTES + 2000);
    const commitLog = await reopen(fs);
    const result = await recoverCommitLogNormally(commitLog, {
      checkCRCOnRecover: true,
      dispatchedPhyOffset: 12_000,
    });
    expect(result).toMatchObject({
      mode: 'normal',
      maxPhyOffset: end,
      scanFromOffset: 3 * FILE_BYTES,
      dispatchFromOffset: 12_000,
      recordsScanned: 10,
      stopReason: 'end of data',
    });
    expect([...result.scannedQueueOffsets]).toEqual(
      [
        ['T0', 8],
        ['T1', 7],
        ['T2', 7],
      ].map(([t, n]) => [`${t}-0`, n]),
    );
    commitLog.raiseTopicQueueOffset('T0-0', 5);
    commitLog.start();
    const next = await commitLog.putMessage(messageOfSize(1000, { topic: 'T0' }));
    expect(next.appendResult).toMatchObject({ wroteOffset: end, logicsOffset: 8 });
    await commitLog.shutdown();
  });

  it('clamps the normal dispatch start into [minOffset, maxPhyOffset]', async () => {
    const commitLog = await reopen(fs);
    const result = await recoverCommitLogNormally(commitLog, {
      checkCRCOnRecover: true,
      dispatchedPhyOffset: 10 ** 9,
    });
    expect(result.dispatchFromOffset).toBe(end);
    await commitLog.shutdown();
  });

  it('starts abnormal recovery at the last file whose first record predates the checkpoint by 3 s', async () => {
    const firstTimestamps = [0, 4, 8, 12, 16, 20].map((i) => 1_000_000 + i);
    expect(offsets.filter((o) => o % FILE_BYTES === 0)).toHaveLength(6);
    const physic = firstTimestamps[3]! + 3000;
    const commitLog = await reopen(fs);
    const result = await recoverCommitLogAbnormally(commitLog, {
      checkCRCOnRecover: true,
      checkpoint: { physicMsgTimestamp: physic, logicsMsgTimestamp: physic + 50, indexMsgTimestamp: 0 },
    });
    expect(result).toMatchObject({
      mode: 'abnormal',
      scanFromOffset: 3 * FILE_BYTES,
      dispatchFromOffset: 3 * FILE_BYTES,
    });
    expect(result.maxPhyOffset).toBe(end);
    await commitLog.shutdown();

    const again = await reopen(fs);
    const early = await recoverCommitLogAbnormally(again, {
      checkCRCOnRecover: true,
      checkpoint: { physicMsgTimestamp: physic - 1, logicsMsgTimestamp: physic, indexMsgTimestamp: 0 },
    });
    expect(early.scanFromOffset).toBe(2 * FILE_BYTES);
    await again.shutdown();

    const indexSafe = await reopen(fs);
    const byIndex = await recoverCommitLogAbnormally(indexSafe, {
      checkCRCOnRecover: true,
      messageIndexSafe: true,
      checkpoint: {
        physicMsgTimestamp: physic,
        logicsMsgTimestamp: physic,
        indexMsgTimestamp: firstTimestamps[1]!,
      },
    });
    expect(byIndex.scanFromOffset).toBe(FILE_BYTES);
    await indexSafe.shutdown();
  });

  it('scans from the first file when no file predates the checkpoint', async () => {
    const commitLog = await reopen(fs);
    const result = await recoverCommitLogAbnormally(commitLog, {
      checkCRCOnRecover: true,
      checkpoint: { physicMsgTimestamp: 0, logicsMsgTimestamp: 0, indexMsgTimestamp: 0 },
    });
    expect(result).toMatchObject({ scanFromOffset: 0, recordsScanned: 22, maxPhyOffset: end });
    expect(result.scannedQueueOffsets.get('T0-0')).toBe(8);
    await commitLog.shutdown();
  });

  const damages: Array<[string, (fs: FaultInjectingFileSystem, last: number) => Promise<void>, number]> = [
    [
      'a torn record (its first 512 bytes)',
      async (f) => {
        const whole = encodeStoredMessage({ ...storedAt(end), body: Buffer.alloc(800, 1) });
        await scribble(f, end, whole.subarray(0, 512));
      },
      0,
    ],
    ['a body CRC mismatch', async (f, last) => scribble(f, last + 200, Buffer.from([0x7e])), -1],
    ['a tail torn inside the properties', async (f, last) => scribble(f, last + 995, Buffer.alloc(5)), -1],
    [
      'a stale record (PHYSICALOFFSET of another place)',
      async (f) =>
        scribble(f, end, encodeStoredMessage({ ...storedAt(end - 1000), body: Buffer.alloc(100) })),
      0,
    ],
    [
      'a BLANK whose size does not reach the file end',
      async (f) => scribble(f, end, Buffer.from([0, 0, 0, 16, 0xcb, 0xd4, 0x31, 0x94])),
      0,
    ],
    ['a bad magic code', async (f, last) => scribble(f, last + 4, Buffer.from([1, 2, 3, 4])), -1],
  ];

  it.each(damages)('ends the log before %s and cuts it on disk', async (_what, damage, lostRecords) => {
    const last = offsets[offsets.length - 1]!;
    await damage(fs, last);
    const commitLog = await reopen(fs);
    const result = await recoverCommitLogAbnormally(commitLog, {
      checkCRCOnRecover: true,
      checkpoint: { physicMsgTimestamp: 0, logicsMsgTimestamp: 0, indexMsgTimestamp: 0 },
    });
    const expectedEnd = lostRecords === 0 ? end : last;
    expect(result.maxPhyOffset).toBe(expectedEnd);
    expect(result.stopReason).not.toBe('end of data');
    const fileStart = expectedEnd - (expectedEnd % FILE_BYTES);
    const onDisk = fs.readFile(fileName(fileStart));
    expect(onDisk.subarray(expectedEnd - fileStart)).toEqual(
      Buffer.alloc(FILE_BYTES - (expectedEnd - fileStart)),
    );
    commitLog.start();
    expect((await commitLog.putMessage(message())).appendResult?.wroteOffset).toBe(expectedEnd);
    await commitLog.shutdown();
  });

  it('accepts a body CRC mismatch when checkCRCOnRecover is off', async () => {
    await scribble(fs, offsets[offsets.length - 1]! + 200, Buffer.from([0x7e]));
    const commitLog = await reopen(fs);
    const result = await recoverCommitLogNormally(commitLog, {
      checkCRCOnRecover: false,
      dispatchedPhyOffset: 0,
    });
    expect(result.maxPhyOffset).toBe(end);
    await commitLog.shutdown();
  });

  it('deletes zero-filled files past the end', async () => {
    for (const offset of [6 * FILE_BYTES, 7 * FILE_BYTES]) {
      const handle = fs.open(fileName(offset));
      handle.truncate(FILE_BYTES);
      await handle.sync();
    }
    const commitLog = await reopen(fs);
    expect(commitLog.mappedFileQueue.mappedFiles()).toHaveLength(8);
    const result = await recoverCommitLogNormally(commitLog, {
      checkCRCOnRecover: true,
      dispatchedPhyOffset: 0,
    });
    expect(result.maxPhyOffset).toBe(end);
    expect(fs.list(COMMIT_LOG_DIR)).toHaveLength(6);
    await commitLog.shutdown();
  });
});

describe('commit-log recovery of an empty store', () => {
  it('recovers to offset 0 and appends from there', async () => {
    const fs = await freshFaultFs();
    const { commitLog, recovery } = await openCommitLog(
      { fs },
      { abnormal: { physicMsgTimestamp: 5, logicsMsgTimestamp: 5, indexMsgTimestamp: 0 } },
    );
    expect(recovery).toMatchObject({
      maxPhyOffset: 0,
      dispatchFromOffset: 0,
      stopReason: 'no files',
      recordsScanned: 0,
    });
    expect((await commitLog.putMessage(message())).appendResult?.wroteOffset).toBe(0);
    await commitLog.shutdown();
  });
});

function storedAt(physicalOffset: number): Parameters<typeof encodeStoredMessage>[0] {
  const msg = message();
  return {
    ...msg,
    queueOffset: 99,
    physicalOffset,
    storeTimestamp: 1_000_999,
  };
}
