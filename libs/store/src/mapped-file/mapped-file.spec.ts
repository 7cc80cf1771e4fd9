/**
 * MappedFile on both file systems (real files and the fault-injecting disk): positions and their
 * invariant, the bounded write buffer, commit/flush, the on-disk cut used by recovery; then the
 * failures only the fault-injecting disk can produce (sticky write and fsync errors).
 */
import { makeTempDir } from '@rmq/testing';
import { StoreIoError } from '../errors/store-io.error';
import { FaultInjectingFileSystem } from '../fs/fault-injecting-file-system';
import { FileSystem } from '../fs/file-system';
import { NodeFileSystem } from '../fs/node-file-system';
import { MappedFile, offsetToFileName } from './mapped-file';

const FILE_BYTES = 4096;
const BUFFER_BYTES = 256;

interface Subject {
  fs: FileSystem;
  dir: string;
  done(): void;
}

const implementations: Array<[string, () => Subject]> = [
  [
    'NodeFileSystem',
    () => {
      const temp = makeTempDir('mapped-file');
      return { fs: new NodeFileSystem(), dir: temp.dir, done: temp.remove };
    },
  ],
  [
    'FaultInjectingFileSystem',
    () => {
      const fs = new FaultInjectingFileSystem();
      fs.mkdirs('/mf');
      return { fs, dir: '/mf', done: () => undefined };
    },
  ],
];

function expectInvariant(file: MappedFile): void {
  expect(file.flushedPosition).toBeLessThanOrEqual(file.committedPosition);
  expect(file.committedPosition).toBeLessThanOrEqual(file.wrotePosition);
  expect(file.wrotePosition).toBeLessThanOrEqual(file.fileSize);
}

describe.each(implementations)('MappedFile on %s', (_name, make) => {
  let subject: Subject;
  let file: MappedFile;

  beforeEach(() => {
    subject = make();
    file = MappedFile.create(subject.fs, subject.dir, 8192, FILE_BYTES, BUFFER_BYTES);
  });
  afterEach(() => {
    file.close();
    subject.done();
  });

  it('is named by its 20-digit start offset and sized up front', () => {
    expect(offsetToFileName(8192)).toBe('00000000000000008192');
    expect(file.fileName).toBe(`${subject.dir}/00000000000000008192`);
    expect(file.diskSize()).toBe(FILE_BYTES);
    expect([file.wrotePosition, file.remaining(), file.isFull()]).toEqual([0, FILE_BYTES, false]);
  });

  it('serves appended bytes from the buffer before commit and from the file after', () => {
    expect(file.append(Buffer.from('abc'))).toBe(0);
    expect(file.append(Buffer.from('defg'))).toBe(3);
    expect([file.wrotePosition, file.committedPosition]).toEqual([7, 0]);
    expect(file.read(1, 5).toString()).toBe('bcdef');
    expect(subject.fs.readFile(file.fileName).subarray(0, 7)).toEqual(Buffer.alloc(7));
    file.commit();
    expect(file.committedPosition).toBe(7);
    expect(subject.fs.readFile(file.fileName).subarray(0, 7).toString()).toBe('abcdefg');
    file.append(Buffer.from('hi'));
    expect(file.read(5, 10).toString()).toBe('fghi');
    expect(file.read(9, 10)).toHaveLength(0);
    expectInvariant(file);
  });

  it('commits on its own when the buffer would overflow, and writes large appends directly', () => {
    file.append(Buffer.alloc(200, 1));
    file.append(Buffer.alloc(100, 2));
    expect(file.committedPosition).toBe(200);
    file.append(Buffer.alloc(BUFFER_BYTES + 1, 3));
    expect(file.committedPosition).toBe(300 + BUFFER_BYTES + 1);
    expect(file.read(300, BUFFER_BYTES + 1)).toEqual(Buffer.alloc(BUFFER_BYTES + 1, 3));
    expectInvariant(file);
  });

  it('lets appendWith fill the reserved bytes in place', () => {
    const at = file.appendWith(4, (target, offset) => target.writeInt32BE(0x01020304, offset));
    expect(at).toBe(0);
    expect([...file.read(0, 4)]).toEqual([1, 2, 3, 4]);
    expect(() => file.appendWith(FILE_BYTES, () => undefined)).toThrow(/past the end/);
  });

  it('flushes: commits then fsyncs, and reports the flushed position', async () => {
    file.append(Buffer.alloc(100, 9));
    expect(await file.flush()).toBe(100);
    expect([file.committedPosition, file.flushedPosition, file.needsFlush]).toEqual([100, 100, false]);
    expect(await file.flush()).toBe(100);
  });

  it('fills up exactly and then refuses more', () => {
    file.append(Buffer.alloc(FILE_BYTES - 10));
    file.append(Buffer.alloc(10));
    expect(file.isFull()).toBe(true);
    file.commit();
    expect(file.read(FILE_BYTES - 10, 10)).toEqual(Buffer.alloc(10));
    expect(() => file.append(Buffer.alloc(1))).toThrow();
  });

  it('reopens an existing file as full, and truncateTo cuts the bytes after a position on disk', async () => {
    file.append(Buffer.alloc(1000, 5));
    await file.flush();
    file.close();
    file = MappedFile.open(subject.fs, `${subject.dir}/00000000000000008192`, FILE_BYTES, BUFFER_BYTES);
    expect(file.fileFromOffset).toBe(8192);
    expect([file.wrotePosition, file.flushedPosition]).toEqual([FILE_BYTES, FILE_BYTES]);
    file.truncateTo(600);
    expect([file.wrotePosition, file.committedPosition, file.flushedPosition]).toEqual([600, 600, 600]);
    expect(file.needsFlush).toBe(true);
    await file.flush();
    const onDisk = subject.fs.readFile(file.fileName);
    expect(onDisk).toHaveLength(FILE_BYTES);
    expect(onDisk.subarray(0, 600)).toEqual(Buffer.alloc(600, 5));
    expect(onDisk.subarray(600)).toEqual(Buffer.alloc(FILE_BYTES - 600));
    expect(file.append(Buffer.from('x'))).toBe(600);
  });

  it('grows a short file with zeros', () => {
    const handle = subject.fs.open(`${subject.dir}/00000000000000000000`);
    handle.write(Buffer.from('short'), 0);
    handle.close();
    const short = MappedFile.open(
      subject.fs,
      `${subject.dir}/00000000000000000000`,
      FILE_BYTES,
      BUFFER_BYTES,
    );
    expect(short.extendToFileSize()).toBe(5);
    expect(short.diskSize()).toBe(FILE_BYTES);
    expect(short.read(0, 6).toString()).toBe('short\0');
    short.close();
  });
});

describe('MappedFile failures (fault-injecting disk)', () => {
  let fs: FaultInjectingFileSystem;
  let file: MappedFile;

  beforeEach(() => {
    fs = new FaultInjectingFileSystem();
    fs.mkdirs('/mf');
    file = MappedFile.create(fs, '/mf', 0, FILE_BYTES, BUFFER_BYTES);
  });

  it('makes a failed write sticky: later appends, commits and flushes throw the same error', async () => {
    file.append(Buffer.alloc(50, 1));
    fs.failWrites({ afterBytes: 20 });
    let first: unknown;
    try {
      file.commit();
    } catch (err) {
      first = err;
    }
    expect(first).toBeInstanceOf(StoreIoError);
    fs.clearFaults();
    expect(() => file.append(Buffer.alloc(1))).toThrow(first as Error);
    expect(() => file.commit()).toThrow(first as Error);
    await expect(file.flush()).rejects.toBe(first);
    expect(file.error).toBe(first);
  });

  it('makes a failed fsync sticky, while reads of committed bytes go on', async () => {
    file.append(Buffer.from('kept'));
    fs.failSyncs({ times: 1 });
    const failure = await file.flush().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(StoreIoError);
    expect(file.flushedPosition).toBe(0);
    await expect(file.flush()).rejects.toBe(failure);
    expect(() => file.append(Buffer.alloc(1))).toThrow(failure as Error);
    expect(file.read(0, 4).toString()).toBe('kept');
  });
});

describe('MappedFile memory', () => {
  it('holds a write buffer only while being written (64 open files of 1 MiB, 1 MiB buffers)', () => {
    const temp = makeTempDir('mapped-file-memory');
    const fs = new NodeFileSystem();
    const mib = 1024 * 1024;
    const before = process.memoryUsage().arrayBuffers;
    const files = Array.from({ length: 64 }, (_, i) => MappedFile.create(fs, temp.dir, i * mib, mib, mib));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * mib);
    files[63]?.append(Buffer.alloc(10));
    expect(files[63]?.read(0, 10)).toEqual(Buffer.alloc(10));
    for (const f of files) f.close();
    temp.remove();
  });
});
