/**
 * MappedFileQueue on both file systems: rolling to new files, offset lookups, reloading, flushing,
 * recovery truncation and retention deletion; then, on the fault-injecting disk, that a flushed byte
 * survives any crash (the new file's directory entry is synced too) and that recovery's cut is real.
 */
import { makeTempDir } from '@rmq/testing';
import { FaultInjectingFileSystem } from '../fs/fault-injecting-file-system';
import { FileSystem } from '../fs/file-system';
import { NodeFileSystem } from '../fs/node-file-system';
import { MappedFileQueue } from './mapped-file-queue';

const FILE_BYTES = 1024;
const BUFFER_BYTES = 128;

interface Subject {
  fs: FileSystem;
  dir: string;
  done(): void;
}

const implementations: Array<[string, () => Subject]> = [
  [
    'NodeFileSystem',
    () => {
      const temp = makeTempDir('mapped-file-queue');
      return { fs: new NodeFileSystem(), dir: `${temp.dir}/queue`, done: temp.remove };
    },
  ],
  [
    'FaultInjectingFileSystem',
    () => ({ fs: new FaultInjectingFileSystem(), dir: '/store/queue', done: () => undefined }),
  ],
];

/** Appends `bytes` bytes of `fill`, rolling to a new file whenever the last is full. */
function appendAcross(queue: MappedFileQueue, bytes: number, fill: number): void {
  let left = bytes;
  while (left > 0) {
    const file = queue.lastForAppend();
    const n = Math.min(left, file.remaining());
    file.append(Buffer.alloc(n, fill));
    left -= n;
  }
}

describe.each(implementations)('MappedFileQueue on %s', (_name, make) => {
  let subject: Subject;
  let queue: MappedFileQueue;

  beforeEach(() => {
    subject = make();
    queue = new MappedFileQueue(subject.fs, subject.dir, FILE_BYTES, BUFFER_BYTES);
    queue.load();
  });
  afterEach(() => {
    queue.close();
    subject.done();
  });

  it('starts empty, then rolls to contiguous files named by offset', () => {
    expect([queue.isEmpty(), queue.minOffset(), queue.maxOffset()]).toEqual([true, 0, 0]);
    appendAcross(queue, 2500, 1);
    expect(queue.mappedFiles().map((f) => f.fileFromOffset)).toEqual([0, 1024, 2048]);
    expect(subject.fs.list(subject.dir)).toEqual([
      '00000000000000000000',
      '00000000000000001024',
      '00000000000000002048',
    ]);
    expect([queue.minOffset(), queue.maxOffset()]).toEqual([0, 2500]);
    expect(queue.findByOffset(1024)?.fileFromOffset).toBe(1024);
    expect(queue.findByOffset(2047)?.fileFromOffset).toBe(1024);
    expect(queue.findByOffset(3072)).toBeUndefined();
  });

  it('starts the first file at the file holding startOffset', () => {
    expect(queue.lastForAppend(5000).fileFromOffset).toBe(4096);
    expect(queue.findByOffset(4095)).toBeUndefined();
  });

  it('flushes every file with unflushed bytes and tracks the flushed offset', async () => {
    appendAcross(queue, 1500, 2);
    expect(queue.unflushedBytes()).toBe(1500);
    expect(await queue.flush()).toBe(1500);
    expect([queue.flushedOffset(), queue.unflushedBytes()]).toEqual([1500, 0]);
    queue.lastForAppend().append(Buffer.alloc(10));
    queue.commit();
    expect(queue.flushedOffset()).toBe(1500);
    expect(queue.mappedFiles()[1]?.committedPosition).toBe(486);
  });

  it('reloads files as full; recovery truncation deletes later files and cuts the holding one', async () => {
    appendAcross(queue, 2500, 3);
    await queue.flush();
    queue.close();
    queue = new MappedFileQueue(subject.fs, subject.dir, FILE_BYTES, BUFFER_BYTES);
    queue.load();
    expect(queue.maxOffset()).toBe(3072);
    queue.truncateDirtyFiles(1100);
    expect(queue.mappedFiles().map((f) => f.fileFromOffset)).toEqual([0, 1024]);
    expect(queue.maxOffset()).toBe(1100);
    await queue.flush();
    expect(subject.fs.list(subject.dir)).toEqual(['00000000000000000000', '00000000000000001024']);
    const tail = subject.fs.readFile(`${subject.dir}/00000000000000001024`);
    expect(tail.subarray(0, 76)).toEqual(Buffer.alloc(76, 3));
    expect(tail.subarray(76)).toEqual(Buffer.alloc(FILE_BYTES - 76));
    appendAcross(queue, 10, 4);
    expect(queue.maxOffset()).toBe(1110);
  });

  it('refuses a gap or an over-long file, and grows a short one', () => {
    appendAcross(queue, 2100, 5);
    queue.commit();
    queue.close();
    const fs = subject.fs;
    const short = fs.open(`${subject.dir}/00000000000000002048`);
    short.truncate(100);
    short.close();
    queue = new MappedFileQueue(fs, subject.dir, FILE_BYTES, BUFFER_BYTES);
    queue.load();
    expect(queue.grownFiles()).toEqual([`${subject.dir}/00000000000000002048`]);
    expect(fs.readFile(`${subject.dir}/00000000000000002048`)).toHaveLength(FILE_BYTES);
    queue.close();

    fs.remove(`${subject.dir}/00000000000000001024`);
    queue = new MappedFileQueue(fs, subject.dir, FILE_BYTES, BUFFER_BYTES);
    expect(() => queue.load()).toThrow(/expected 1024 bytes at 1024/);
    const long = fs.open(`${subject.dir}/00000000000000001024`);
    long.truncate(FILE_BYTES + 1);
    long.close();
    queue = new MappedFileQueue(fs, subject.dir, FILE_BYTES, BUFFER_BYTES);
    expect(() => queue.load()).toThrow(/1025 bytes/);
  });

  it('deletes the first file for retention but never the last', () => {
    appendAcross(queue, 2100, 6);
    expect(queue.deleteFirstFile()?.fileFromOffset).toBe(0);
    expect(queue.minOffset()).toBe(1024);
    expect(queue.deleteFirstFile()?.fileFromOffset).toBe(1024);
    expect(queue.deleteFirstFile()).toBeUndefined();
    expect(subject.fs.list(subject.dir)).toEqual(['00000000000000002048']);
  });
});

describe('MappedFileQueue durability (fault-injecting disk)', () => {
  async function freshQueue(): Promise<{ fs: FaultInjectingFileSystem; queue: MappedFileQueue }> {
    const fs = new FaultInjectingFileSystem();
    fs.mkdirs('/store/queue');
    await fs.syncDirectory('/');
    await fs.syncDirectory('/store');
    const queue = new MappedFileQueue(fs, '/store/queue', FILE_BYTES, BUFFER_BYTES);
    queue.load();
    return { fs, queue };
  }

  it('keeps every flushed byte, in files whose names survive, through any crash', async () => {
    for (let seed = 1; seed <= 24; seed += 1) {
      const { fs, queue } = await freshQueue();
      appendAcross(queue, 2500, 7);
      const flushed = await queue.flush();
      appendAcross(queue, 900, 8);
      queue.commit();
      const after = fs.crash(seed);
      const reloaded = new MappedFileQueue(after, '/store/queue', FILE_BYTES, BUFFER_BYTES);
      reloaded.load();
      const bytes = Buffer.concat(reloaded.mappedFiles().map((f) => f.read(0, FILE_BYTES)));
      expect(bytes.subarray(0, flushed)).toEqual(Buffer.alloc(flushed, 7));
    }
  });

  it('syncs the directory once after files were created, not on every flush', async () => {
    const { fs, queue } = await freshQueue();
    appendAcross(queue, 1500, 1);
    await queue.flush();
    expect(fs.directorySyncCount('/store/queue')).toBe(1);
    queue.lastForAppend().append(Buffer.alloc(10));
    await queue.flush();
    expect(fs.directorySyncCount('/store/queue')).toBe(1);
  });

  it('makes the recovery cut durable, so stale bytes past it never come back', async () => {
    for (let seed = 1; seed <= 16; seed += 1) {
      const { fs, queue } = await freshQueue();
      appendAcross(queue, 900, 9);
      await queue.flush();
      queue.truncateDirtyFiles(300);
      await queue.flush();
      const after = fs.crash(seed).readFile('/store/queue/00000000000000000000');
      expect(after.subarray(300, 900)).toEqual(Buffer.alloc(600));
    }
  });
});
