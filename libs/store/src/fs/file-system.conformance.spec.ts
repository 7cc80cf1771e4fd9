/**
 * The FileSystem port's contract, run against both implementations: NodeFileSystem on real files in a
 * temp dir and the in-memory FaultInjectingFileSystem (with no faults armed). Whatever the store
 * relies on is stated here once; an implementation that passes may stand in for the other.
 */
import { makeTempDir } from '@rmq/testing';
import { FaultInjectingFileSystem } from './fault-injecting-file-system';
import { FileSystem, writeFileAtomically } from './file-system';
import { NodeFileSystem } from './node-file-system';

interface Subject {
  fs: FileSystem;
  root: string;
  done(): void;
}

const implementations: Array<[string, () => Subject]> = [
  [
    'NodeFileSystem',
    () => {
      const temp = makeTempDir('fs-conformance');
      return { fs: new NodeFileSystem(), root: temp.dir, done: temp.remove };
    },
  ],
  [
    'FaultInjectingFileSystem',
    () => {
      const fs = new FaultInjectingFileSystem();
      fs.mkdirs('/conformance');
      return { fs, root: '/conformance', done: () => undefined };
    },
  ],
];

describe.each(implementations)('FileSystem contract: %s', (_name, make) => {
  let subject: Subject;
  let fs: FileSystem;
  let root: string;

  beforeEach(() => {
    subject = make();
    fs = subject.fs;
    root = subject.root;
  });
  afterEach(() => subject.done());

  it('reads back what was written, at any position, and reports short reads at the end', () => {
    const handle = fs.open(`${root}/a`);
    handle.write(Buffer.from('hello world'), 0);
    handle.write(Buffer.from('WORLD'), 6);
    const out = Buffer.alloc(20, 0xff);
    expect(handle.read(out, 2, 11, 0)).toBe(11);
    expect(out.subarray(2, 13).toString()).toBe('hello WORLD');
    expect(handle.read(out, 0, 10, 8)).toBe(3);
    expect(handle.read(out, 0, 10, 100)).toBe(0);
    handle.close();
  });

  it('zero-fills a gap when writing past the end, and sizes follow', () => {
    const handle = fs.open(`${root}/gap`);
    handle.write(Buffer.from([1, 2, 3]), 10);
    expect(handle.size()).toBe(13);
    const out = Buffer.alloc(13, 0xff);
    handle.read(out, 0, 13, 0);
    expect([...out]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3]);
    handle.close();
  });

  it('truncates down and grows back with zeros', () => {
    const handle = fs.open(`${root}/t`);
    handle.write(Buffer.alloc(100, 7), 0);
    handle.truncate(10);
    expect(handle.size()).toBe(10);
    handle.truncate(50);
    expect(handle.size()).toBe(50);
    const out = Buffer.alloc(50);
    handle.read(out, 0, 50, 0);
    expect(out.subarray(0, 10)).toEqual(Buffer.alloc(10, 7));
    expect(out.subarray(10)).toEqual(Buffer.alloc(40, 0));
    handle.close();
  });

  it('open creates a file but not its directory; reopening sees the content', () => {
    expect(fs.exists(`${root}/new`)).toBe(false);
    const handle = fs.open(`${root}/new`);
    handle.write(Buffer.from('x'), 0);
    handle.close();
    expect(fs.exists(`${root}/new`)).toBe(true);
    expect(fs.open(`${root}/new`).size()).toBe(1);
    expect(() => fs.open(`${root}/missing-dir/file`)).toThrow();
  });

  it('mkdirs creates parents, is idempotent, and isDirectory tells dirs from files', () => {
    fs.mkdirs(`${root}/x/y/z`);
    fs.mkdirs(`${root}/x/y/z`);
    expect(fs.isDirectory(`${root}/x/y`)).toBe(true);
    fs.open(`${root}/x/file`).close();
    expect(fs.isDirectory(`${root}/x/file`)).toBe(false);
    expect(fs.isDirectory(`${root}/nothing`)).toBe(false);
  });

  it('lists names sorted, and [] for a missing directory', () => {
    for (const name of ['00000000000000001024', 'b', '00000000000000000000', 'a'])
      fs.open(`${root}/${name}`).close();
    fs.mkdirs(`${root}/sub`);
    expect(fs.list(root)).toEqual(['00000000000000000000', '00000000000000001024', 'a', 'b', 'sub']);
    expect(fs.list(`${root}/none`)).toEqual([]);
  });

  it('renames within a directory, replacing the target', () => {
    fs.open(`${root}/from`).write(Buffer.from('new'), 0);
    fs.open(`${root}/to`).write(Buffer.from('old!'), 0);
    fs.rename(`${root}/from`, `${root}/to`);
    expect(fs.exists(`${root}/from`)).toBe(false);
    expect(fs.readFile(`${root}/to`).toString()).toBe('new');
    expect(() => fs.rename(`${root}/absent`, `${root}/x`)).toThrow();
  });

  it('removes files (a missing one is fine) and whole trees', () => {
    fs.open(`${root}/f`).close();
    fs.remove(`${root}/f`);
    fs.remove(`${root}/f`);
    expect(fs.exists(`${root}/f`)).toBe(false);
    fs.mkdirs(`${root}/tree/a`);
    fs.open(`${root}/tree/a/file`).close();
    fs.removeTree(`${root}/tree`);
    fs.removeTree(`${root}/tree`);
    expect(fs.exists(`${root}/tree`)).toBe(false);
    expect(fs.exists(`${root}/tree/a/file`)).toBe(false);
  });

  it('syncs files and directories, and writes small files atomically', async () => {
    const handle = fs.open(`${root}/s`);
    handle.write(Buffer.from('data'), 0);
    await handle.sync();
    await fs.syncDirectory(root);
    await writeFileAtomically(fs, `${root}/config.json`, Buffer.from('{"a":1}'));
    await writeFileAtomically(fs, `${root}/config.json`, Buffer.from('{}'));
    expect(fs.readFile(`${root}/config.json`).toString()).toBe('{}');
    expect(fs.exists(`${root}/config.json.tmp`)).toBe(false);
    handle.close();
  });

  it('reports modification times and disk usage', () => {
    const before = Date.now() - 5_000;
    fs.open(`${root}/m`).write(Buffer.from('m'), 0);
    expect(fs.lastModifiedMs(`${root}/m`)).toBeGreaterThan(before);
    const usage = fs.diskUsage(root);
    expect(usage.totalBytes).toBeGreaterThan(0);
    expect(usage.freeBytes).toBeGreaterThanOrEqual(0);
    expect(usage.freeBytes).toBeLessThanOrEqual(usage.totalBytes);
  });

  it('fails on a closed handle', () => {
    const handle = fs.open(`${root}/c`);
    handle.close();
    expect(() => handle.write(Buffer.from('x'), 0)).toThrow();
  });
});
