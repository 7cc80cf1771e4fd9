import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, seededRandom } from '@rmq/testing';
import { NodeFileSystem } from '../fs/node-file-system';
import { StoreLogger } from '../dispatch/store-ports';
import { ConsumeQueue } from './consume-queue';
import { BLANK_ENTRY_SIZE, isBlankEntry } from './consume-queue-entry';

const fs = new NodeFileSystem();
/** 5 entries per file: rolling happens quickly. */
const FILE_BYTES = 100;
const RECORD_BYTES = 100;

function recordingLogger(): StoreLogger & { errors: string[] } {
  const errors: string[] = [];
  const ignore = (): void => undefined;
  return { errors, debug: ignore, info: ignore, warn: ignore, error: (_o, msg) => errors.push(msg ?? '') };
}

describe('ConsumeQueue', () => {
  let tmp: { dir: string; remove(): void };
  const open = (fileBytes = FILE_BYTES, logger?: StoreLogger): ConsumeQueue => {
    const queue = new ConsumeQueue({
      fs,
      rootDir: tmp.dir,
      topic: 'T',
      queueId: 3,
      mappedFileSizeBytes: fileBytes,
      ...(logger ? { logger } : {}),
    });
    queue.load();
    queue.recover();
    return queue;
  };
  const putRange = (queue: ConsumeQueue, from: number, to: number): void => {
    for (let i = from; i < to; i += 1) queue.putEntry(i, i * RECORD_BYTES, RECORD_BYTES, 1000 + i);
  };
  const queueDir = (): string => path.join(tmp.dir, 'T', '3');

  beforeEach(() => {
    tmp = makeTempDir('cq');
  });
  afterEach(() => tmp.remove());

  it('puts and reads entries; min and max are logical offsets', () => {
    const queue = open(6000);
    expect(queue.maxOffsetInQueue()).toBe(0);
    putRange(queue, 0, 4);
    expect(queue.minOffsetInQueue()).toBe(0);
    expect(queue.maxOffsetInQueue()).toBe(4);
    expect(queue.getEntry(2)).toEqual({ queueOffset: 2, commitLogOffset: 200, size: 100, tagsCode: 1002 });
    expect(queue.getEntries(1, 10)?.map((e) => e.queueOffset)).toEqual([1, 2, 3]);
    expect(queue.getEntries(4, 10)).toEqual([]);
    expect(queue.maxPhysicOffset()).toBe(400);
  });

  it('stores tagsCode as a sign-extended int64 and large delivery times exactly', () => {
    const queue = open(6000);
    queue.putEntry(0, 0, 10, -1097481203);
    queue.putEntry(1, 10, 10, 1795622128816);
    expect(queue.getEntry(0)?.tagsCode).toBe(-1097481203);
    expect(queue.getEntry(1)?.tagsCode).toBe(1795622128816);
  });

  it('rolls to a new file named by its byte offset; a batch read stops at the file end', () => {
    const queue = open();
    putRange(queue, 0, 12);
    expect(readdirSync(queueDir())).toEqual([
      '00000000000000000000',
      '00000000000000000100',
      '00000000000000000200',
    ]);
    expect(queue.getEntries(3, 10)?.map((e) => e.queueOffset)).toEqual([3, 4]);
    expect(queue.getEntries(10, 10)?.map((e) => e.queueOffset)).toEqual([10, 11]);
    expect(queue.rollNextFile(3)).toBe(5);
  });

  it('pads a queue whose first entry is not at 0 with blank entries (0, MAX_INT, 0)', () => {
    const queue = open();
    expect(queue.putEntry(7, 5000, 50, 9)).toBe('appended');
    expect(readdirSync(queueDir())).toEqual(['00000000000000000100']);
    expect(queue.minOffsetInQueue()).toBe(7);
    expect(queue.maxOffsetInQueue()).toBe(8);
    queue.close();
    const bytes = readFileSync(path.join(queueDir(), '00000000000000000100'));
    const blank = Buffer.alloc(20);
    blank.writeInt32BE(BLANK_ENTRY_SIZE, 8);
    const reopened = open();
    expect(reopened.minOffsetInQueue()).toBe(5); // RocketMQ: min is corrected against the commit log later
    const first = reopened.getEntries(5, 1)?.[0];
    expect(first && isBlankEntry(first)).toBe(true);
    reopened.correctMinOffset(1);
    expect(reopened.minOffsetInQueue()).toBe(7);
    expect(reopened.maxOffsetInQueue()).toBe(8);
    expect(reopened.maxPhysicOffset()).toBe(5050);
    expect(bytes.subarray(0, 20)).toEqual(blank);
    expect(bytes.subarray(20, 40)).toEqual(blank);
    expect(reopened.getEntries(5, 1)).toBeUndefined();
  });

  it('skips an entry already written (re-dispatch) by queue offset and by commit-log offset', async () => {
    const queue = open();
    putRange(queue, 0, 3);
    await queue.flush(0);
    const before = readFileSync(path.join(queueDir(), '00000000000000000000'));
    expect(queue.putEntry(1, 100, 100, 1001)).toBe('duplicate');
    expect(queue.putEntry(3, 150, 100, 7)).toBe('duplicate'); // record ends before the last one's end
    queue.close();
    expect(readFileSync(path.join(queueDir(), '00000000000000000000'))).toEqual(before);
  });

  it('logs a gap after the first entry as a bug and pads it so offsets stay aligned', () => {
    const logger = recordingLogger();
    const queue = open(FILE_BYTES, logger);
    putRange(queue, 0, 2);
    expect(queue.putEntry(6, 600, 100, 1006)).toBe('gap-filled');
    expect(logger.errors).toEqual(['[BUG] consume queue gap filled with blank entries']);
    expect(queue.maxOffsetInQueue()).toBe(7);
    expect(queue.getEntry(6)?.commitLogOffset).toBe(600);
    expect(queue.getEntry(4)?.size).toBe(BLANK_ENTRY_SIZE);
  });

  it('recovers the end of valid entries after reopening, ignoring a torn tail', async () => {
    const queue = open();
    putRange(queue, 0, 12);
    await queue.flush(0);
    queue.close();
    // A torn write: the size of entry 11 never reached the disk.
    const last = path.join(queueDir(), '00000000000000000200');
    const bytes = readFileSync(last);
    bytes.writeInt32BE(0, 20 + 8);
    writeFileSync(last, bytes);
    const reopened = open();
    expect(reopened.maxOffsetInQueue()).toBe(11);
    expect(reopened.maxPhysicOffset()).toBe(1100);
    expect(reopened.putEntry(11, 1100, 100, 1)).toBe('appended');
    expect(reopened.maxOffsetInQueue()).toBe(12);
  });

  it('recovers a queue that ends exactly at a file boundary', async () => {
    const queue = open();
    putRange(queue, 0, 10);
    await queue.flush(0);
    queue.close();
    const reopened = open();
    expect(reopened.maxOffsetInQueue()).toBe(10);
    reopened.putEntry(10, 1000, 100, 0);
    expect(readdirSync(queueDir())).toEqual([
      '00000000000000000000',
      '00000000000000000100',
      '00000000000000000200',
    ]);
  });

  it('truncateDirtyLogicFiles drops entries at or past the commit-log end, whole files too', () => {
    const queue = open();
    putRange(queue, 0, 12);
    queue.truncateDirtyLogicFiles(650);
    expect(queue.maxOffsetInQueue()).toBe(7);
    expect(queue.maxPhysicOffset()).toBe(700);
    expect(readdirSync(queueDir())).toEqual(['00000000000000000000', '00000000000000000100']);
    expect(queue.putEntry(7, 700, 100, 1)).toBe('appended');
    queue.truncateDirtyLogicFiles(0);
    expect(queue.maxOffsetInQueue()).toBe(0);
    expect(queue.maxPhysicOffset()).toBe(-1);
  });

  it('retention deletes files wholly below the min commit-log offset and moves the min offset', () => {
    const queue = open();
    putRange(queue, 0, 12);
    expect(queue.deleteExpiredFiles(520)).toBe(1);
    expect(queue.minOffsetInQueue()).toBe(6);
    expect(queue.getEntries(4, 1)).toBeUndefined();
    expect(queue.deleteExpiredFiles(5000)).toBe(1);
    expect(readdirSync(queueDir())).toEqual(['00000000000000000200']);
    expect(queue.minOffsetInQueue()).toBe(12);
  });

  it('finds offsets by store time as RocketMQ does', () => {
    const queue = open();
    putRange(queue, 0, 12); // record i stored at 10_000 + i * 1000
    const storeTimeOf = (phyOffset: number): number => 10_000 + (phyOffset / RECORD_BYTES) * 1000;
    expect(queue.getOffsetInQueueByTime(13_000, storeTimeOf)).toBe(3);
    expect(queue.getOffsetInQueueByTime(13_400, storeTimeOf)).toBe(3);
    expect(queue.getOffsetInQueueByTime(13_600, storeTimeOf)).toBe(4);
    expect(queue.getOffsetInQueueByTime(13_500, storeTimeOf)).toBe(3); // a tie goes to the earlier one
    expect(queue.getOffsetInQueueByTime(0, storeTimeOf)).toBe(0);
    expect(queue.getOffsetInQueueByTime(99_000, storeTimeOf)).toBe(11);
    expect(queue.getOffsetInQueueByTime(13_000, storeTimeOf, 500)).toBe(5);
    expect(queue.getOffsetInQueueByTime(13_000, () => -1)).toBe(0);
  });

  it('flushes only when leastPages pages are dirty, or anything when 0', async () => {
    const queue = open(6000);
    putRange(queue, 0, 10);
    expect(queue.unflushedBytes()).toBe(200);
    expect(await queue.flush(1)).toBe(false);
    expect(await queue.flush(0)).toBe(true);
    expect(queue.unflushedBytes()).toBe(0);
  });

  it('destroy removes the files and starts again empty', async () => {
    const queue = open();
    putRange(queue, 0, 7);
    queue.destroy();
    expect(readdirSync(queueDir())).toEqual([]);
    expect(queue.maxOffsetInQueue()).toBe(0);
    expect(await queue.flush(0)).toBe(false);
    expect(queue.putEntry(0, 0, 10, 0)).toBe('appended');
    expect(await queue.flush(0)).toBe(true);
  });

  it.each([1, 2, 3])('matches a model over random puts, crashes and truncations (seed %i)', async (seed) => {
    const random = seededRandom(seed);
    const fileBytes = 20 * random.int(1, 7);
    let queue = open(fileBytes);
    const model: number[] = []; // model[i] = commit-log offset of entry i
    let phy = 0;
    for (let step = 0; step < 200; step += 1) {
      const action = random.int(0, 19);
      if (action === 0) {
        await queue.flush(0);
        queue.close();
        queue = open(fileBytes);
      } else if (action === 1 && model.length > 0) {
        const cut = model[random.int(0, model.length - 1)] as number;
        queue.truncateDirtyLogicFiles(cut);
        while (model.length > 0 && (model[model.length - 1] as number) >= cut) model.pop();
        phy = cut;
      } else {
        const size = random.int(1, 50);
        queue.putEntry(model.length, phy, size, step);
        model.push(phy);
        phy += size;
      }
      expect(queue.maxOffsetInQueue()).toBe(model.length);
    }
    const all = queue.getEntries(0, model.length) ?? [];
    let read = [...all];
    while (read.length < model.length) read = read.concat(queue.getEntries(read.length, model.length) ?? []);
    expect(read.map((e) => e.commitLogOffset)).toEqual(model);
  });
});
