/** ConfigFile: load with .bak fallback, persist via temp + fsync + rename, and interrupted writes. */
import { makeTempDir } from '@rmq/testing';
import { StoreIoError } from '../errors/store-io.error';
import { FileHandle, FileSystem } from '../fs/file-system';
import { NodeFileSystem } from '../fs/node-file-system';
import { ConfigCodec, ConfigFile } from './config-file';
import { ConfigFileCorruptError } from './config-file-corrupt.error';
import { ConfigLogger } from './config-logger';

/** A toy table: `{"n":<int>}`; anything else does not decode. */
const codec: ConfigCodec<number> = {
  encode: (n) => Buffer.from(JSON.stringify({ n })),
  decode: (bytes) => {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    const n = (parsed as { n?: unknown }).n;
    if (typeof n !== 'number') throw new Error('no n');
    return n;
  },
};

/** Delegates to the node file system; individual operations can be made to fail. */
class FailingFileSystem implements FileSystem {
  failRenameTo: string | undefined;
  failSyncOf: string | undefined;
  /** Writes to this path stop after half the bytes and throw (a torn write). */
  tearWritesOf: string | undefined;
  private readonly inner = new NodeFileSystem();

  open(path: string): FileHandle {
    const handle = this.inner.open(path);
    const torn = this.tearWritesOf === path;
    const failSync = this.failSyncOf === path;
    return {
      path,
      write: (data, position) => {
        if (!torn) return handle.write(data, position);
        handle.write(data.subarray(0, Math.floor(data.length / 2)), position);
        throw new Error(`EIO: torn write of ${path}`);
      },
      read: (t, o, l, p) => handle.read(t, o, l, p),
      sync: () => (failSync ? Promise.reject(new Error(`EIO: fsync ${path}`)) : handle.sync()),
      truncate: (s) => handle.truncate(s),
      size: () => handle.size(),
      close: () => handle.close(),
    };
  }
  exists = (p: string): boolean => this.inner.exists(p);
  mkdirs = (p: string): void => this.inner.mkdirs(p);
  list = (p: string): string[] => this.inner.list(p);
  isDirectory = (p: string): boolean => this.inner.isDirectory(p);
  remove = (p: string): void => this.inner.remove(p);
  removeTree = (p: string): void => this.inner.removeTree(p);
  rename(from: string, to: string): void {
    if (to === this.failRenameTo) throw new Error(`EIO: rename ${from} -> ${to}`);
    this.inner.rename(from, to);
  }
  syncDirectory = (p: string): Promise<void> => this.inner.syncDirectory(p);
  readFile = (p: string): Buffer => this.inner.readFile(p);
  lastModifiedMs = (p: string): number => this.inner.lastModifiedMs(p);
  diskUsage = (p: string): { totalBytes: number; freeBytes: number } => this.inner.diskUsage(p);
}

function recordingLogger(): ConfigLogger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (obj: object, msg?: string) =>
    lines.push(`${level}: ${msg ?? ''} ${JSON.stringify(obj)}`);
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

describe('ConfigFile', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let fs: FailingFileSystem;
  let path: string;
  beforeEach(() => {
    tmp = makeTempDir('config-file');
    fs = new FailingFileSystem();
    path = `${tmp.dir}/config/table.json`;
  });
  afterEach(() => tmp.remove());

  const text = (p: string): string => fs.readFile(p).toString('utf8');
  const overwrite = (p: string, content: string): void => {
    const h = fs.open(p);
    h.truncate(0);
    h.write(Buffer.from(content), 0);
    h.close();
  };

  it('loads nothing from a new store', () => {
    expect(new ConfigFile(fs, path, codec).load()).toEqual({ value: undefined, source: 'none' });
  });

  it('persists, creating the directory; the previous content becomes .bak', async () => {
    const file = new ConfigFile(fs, path, codec);
    await file.persist(1);
    expect(text(path)).toBe('{"n":1}');
    expect(fs.exists(file.bakPath)).toBe(false);
    await file.persist(2);
    expect(text(path)).toBe('{"n":2}');
    expect(text(file.bakPath)).toBe('{"n":1}');
    expect(fs.exists(file.tmpPath)).toBe(false);
    expect(new ConfigFile(fs, path, codec).load()).toEqual({ value: 2, source: 'main' });
  });

  it.each([
    ['does not parse', '{"n":'],
    ['is empty', ''],
  ])('falls back to .bak when the main file %s, and says so', async (_what, content) => {
    const file = new ConfigFile(fs, path, codec);
    await file.persist(1);
    await file.persist(2);
    overwrite(path, content);
    const logger = recordingLogger();
    expect(new ConfigFile(fs, path, codec, logger).load()).toEqual({ value: 1, source: 'bak' });
    expect(logger.lines.some((l) => l.startsWith('warn: config file loaded from its .bak'))).toBe(true);
  });

  it('falls back to .bak when the main file is missing', async () => {
    const file = new ConfigFile(fs, path, codec);
    await file.persist(1);
    await file.persist(2);
    fs.remove(path);
    expect(file.load()).toEqual({ value: 1, source: 'bak' });
  });

  it('refuses to start empty when nothing readable is left', async () => {
    const file = new ConfigFile(fs, path, codec);
    await file.persist(1);
    overwrite(path, 'garbage');
    expect(() => file.load()).toThrow(ConfigFileCorruptError);
    await file.persist(2);
    await file.persist(3);
    for (const p of [path, file.bakPath]) overwrite(p, 'garbage');
    expect(() => file.load()).toThrow(/main: .*; \.bak: /);
  });

  it('ignores and removes the .tmp of an interrupted persist', async () => {
    const file = new ConfigFile(fs, path, codec);
    await file.persist(1);
    overwrite(file.tmpPath, '{"n":9');
    expect(file.load()).toEqual({ value: 1, source: 'main' });
    expect(fs.exists(file.tmpPath)).toBe(false);
  });

  it('keeps the old main file when the rename fails, and recovers on the next persist', async () => {
    const file = new ConfigFile(fs, path, codec);
    await file.persist(1);
    fs.failRenameTo = path;
    await expect(file.persist(2)).rejects.toBeInstanceOf(StoreIoError);
    expect(text(path)).toBe('{"n":1}');
    expect(new ConfigFile(fs, path, codec).load()).toEqual({ value: 1, source: 'main' });
    fs.failRenameTo = undefined;
    await file.persist(3);
    expect(file.load()).toEqual({ value: 3, source: 'main' });
  });

  it('never exposes a torn or unsynced temp file as the main file', async () => {
    const file = new ConfigFile(fs, path, codec);
    await file.persist(1);
    fs.tearWritesOf = file.tmpPath;
    await expect(file.persist(22222)).rejects.toBeInstanceOf(StoreIoError);
    expect(text(path)).toBe('{"n":1}');
    fs.tearWritesOf = undefined;
    fs.failSyncOf = file.tmpPath;
    await expect(file.persist(3)).rejects.toThrow(/fsync/);
    expect(file.load()).toEqual({ value: 1, source: 'main' });
  });

  it('runs overlapping persists one after the other', async () => {
    const file = new ConfigFile(fs, path, codec);
    await Promise.all([file.persist(1), file.persist(2), file.persist(3)]);
    expect(text(path)).toBe('{"n":3}');
    expect(text(file.bakPath)).toBe('{"n":2}');
  });
});
