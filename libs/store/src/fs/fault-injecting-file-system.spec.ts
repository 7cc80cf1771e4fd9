/**
 * The fault-injecting disk itself: what a crash keeps (synced bytes always; unsynced writes kept,
 * dropped or torn at sector boundaries; directory entries only after a directory sync, as a prefix),
 * and the injected write and sync failures the store's specs rely on.
 */
import { FaultInjectingFileSystem, SECTOR_BYTES } from './fault-injecting-file-system';

const SEEDS = Array.from({ length: 64 }, (_, i) => i + 1);

async function freshFs(): Promise<FaultInjectingFileSystem> {
  const fs = new FaultInjectingFileSystem();
  fs.mkdirs('/d');
  await fs.syncDirectory('/');
  return fs;
}

async function durableFile(fs: FaultInjectingFileSystem, path: string, content: Buffer): Promise<void> {
  const handle = fs.open(path);
  handle.write(content, 0);
  await handle.sync();
  await fs.syncDirectory('/d');
}

describe('FaultInjectingFileSystem', () => {
  it('keeps synced bytes through every crash', async () => {
    for (const seed of SEEDS.slice(0, 16)) {
      const fs = await freshFs();
      await durableFile(fs, '/d/f', Buffer.from('durable'));
      expect(fs.crash(seed).readFile('/d/f').toString()).toBe('durable');
    }
  });

  it('keeps, drops or tears each unsynced write, tearing only at sector boundaries', async () => {
    const seen = new Set<number>();
    for (const seed of SEEDS) {
      const fs = await freshFs();
      await durableFile(fs, '/d/f', Buffer.alloc(3000, 1));
      fs.open('/d/f').write(Buffer.alloc(2000, 2), 100);
      const after = fs.crash(seed).readFile('/d/f');
      const kept = after.indexOf(1, 100) === -1 ? 2000 : after.indexOf(1, 100) - 100;
      expect(after.subarray(100, 100 + kept)).toEqual(Buffer.alloc(kept, 2));
      expect(after.subarray(100 + kept, 2100)).toEqual(Buffer.alloc(2000 - kept, 1));
      expect(kept === 0 || kept === 2000 || (100 + kept) % SECTOR_BYTES === 0).toBe(true);
      seen.add(kept);
    }
    expect(seen.has(0)).toBe(true);
    expect(seen.has(2000)).toBe(true);
    expect([...seen].some((k) => k > 0 && k < 2000)).toBe(true);
  });

  it('makes durable only the writes a sync started after', async () => {
    const fs = await freshFs();
    await durableFile(fs, '/d/f', Buffer.alloc(8));
    const handle = fs.open('/d/f');
    handle.write(Buffer.from('AAAA'), 0);
    const sync = handle.sync();
    handle.write(Buffer.from('BBBB'), 4);
    await sync;
    expect(fs.durableContent('/d/f')?.toString()).toBe('AAAA\0\0\0\0');
    expect(fs.unsyncedBytes('/d/f')).toBe(4);
  });

  it('loses an unsynced create on some crash, never after the directory sync', async () => {
    const outcomes = new Set<boolean>();
    for (const seed of SEEDS.slice(0, 16)) {
      const fs = await freshFs();
      const handle = fs.open('/d/new');
      handle.write(Buffer.from('x'), 0);
      await handle.sync();
      outcomes.add(fs.crash(seed).exists('/d/new'));
    }
    expect(outcomes).toEqual(new Set([true, false]));
    for (const seed of SEEDS.slice(0, 16)) {
      const fs = await freshFs();
      await durableFile(fs, '/d/new', Buffer.from('x'));
      expect(fs.crash(seed).exists('/d/new')).toBe(true);
    }
  });

  it('keeps a prefix of a directory\u2019s unsynced changes: a rename lands whole or not at all', async () => {
    const names = new Set<string>();
    for (const seed of SEEDS.slice(0, 24)) {
      const fs = await freshFs();
      await durableFile(fs, '/d/a', Buffer.from('a'));
      fs.rename('/d/a', '/d/b');
      fs.open('/d/c').close();
      const after = fs.crash(seed);
      const listed = after.list('/d').join(',');
      expect(['a', 'b', 'b,c']).toContain(listed);
      names.add(listed);
    }
    expect(names.size).toBeGreaterThan(1);
  });

  it('loses files under a directory whose creation was not synced', async () => {
    const outcomes = new Set<boolean>();
    for (const seed of SEEDS.slice(0, 24)) {
      const fs = await freshFs();
      fs.mkdirs('/d/sub');
      await durableFileIn(fs, '/d/sub');
      const after = fs.crash(seed);
      outcomes.add(after.exists('/d/sub/f'));
      if (!after.exists('/d/sub')) expect(after.exists('/d/sub/f')).toBe(false);
    }
    expect(outcomes).toEqual(new Set([true, false]));
  });

  it('gives the same crash for the same seed, and different ones for different seeds', async () => {
    const image = async (seed: number): Promise<string> => {
      const fs = await freshFs();
      await durableFile(fs, '/d/f', Buffer.alloc(0));
      const handle = fs.open('/d/f');
      for (let i = 0; i < 20; i += 1) handle.write(Buffer.alloc(700, i + 1), i * 700);
      return fs.crash(seed).readFile('/d/f').toString('hex');
    };
    expect(await image(7)).toBe(await image(7));
    expect(new Set(await Promise.all([1, 2, 3, 4].map(image))).size).toBeGreaterThan(1);
  });

  it('fails writes after a byte budget, storing the part that fit (ENOSPC), only on matching paths', async () => {
    const fs = await freshFs();
    fs.failWrites({ path: /commitlog/, afterBytes: 10 });
    fs.mkdirs('/d/commitlog');
    const other = fs.open('/d/other');
    other.write(Buffer.alloc(100), 0);
    const handle = fs.open('/d/commitlog/0');
    handle.write(Buffer.alloc(6, 1), 0);
    expect(() => handle.write(Buffer.alloc(6, 2), 6)).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    expect(handle.size()).toBe(10);
    expect(() => handle.write(Buffer.alloc(1), 10)).toThrow(/ENOSPC/);
    fs.clearFaults();
    handle.write(Buffer.alloc(1), 10);
  });

  it('fails or hangs syncs after N calls, and counts syncs by path', async () => {
    const fs = await freshFs();
    const handle = fs.open('/d/f');
    fs.failSyncs({ path: '/d/f', afterCalls: 2, times: 1 });
    await handle.sync();
    await handle.sync();
    await expect(handle.sync()).rejects.toThrow(/EIO/);
    await handle.sync();
    expect(fs.syncCount('/d/f')).toBe(4);
    expect(fs.syncCount(/other/)).toBe(0);

    fs.failSyncs({ mode: 'hang', times: 1 });
    handle.write(Buffer.from('late'), 0);
    let settled = false;
    const hung = handle.sync().then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    fs.releaseHungSyncs();
    await hung;
    expect(fs.durableContent('/d/f')).toBeUndefined();
    await fs.syncDirectory('/d');
    expect(fs.durableContent('/d/f')?.toString()).toBe('late');
    expect(fs.directorySyncCount('/d')).toBe(1);
  });

  it('dies at a crash: calls throw EIO and hung syncs reject', async () => {
    const fs = await freshFs();
    const handle = fs.open('/d/f');
    fs.failSyncs({ mode: 'hang' });
    const hung = handle.sync();
    fs.crash(1);
    await expect(hung).rejects.toThrow(/crashed/);
    expect(() => fs.open('/d/g')).toThrow(/EIO/);
    expect(() => handle.write(Buffer.from('x'), 0)).toThrow(/EIO/);
  });

  it('reports disk usage from its content unless a test sets it', async () => {
    const fs = new FaultInjectingFileSystem({ capacityBytes: 1000 });
    fs.open('/f').write(Buffer.alloc(300), 0);
    expect(fs.diskUsage('/')).toEqual({ totalBytes: 1000, freeBytes: 700 });
    fs.setDiskUsage({ totalBytes: 100, freeBytes: 5 });
    expect(fs.diskUsage('/')).toEqual({ totalBytes: 100, freeBytes: 5 });
    fs.setLastModifiedMs('/f', 1234);
    expect(fs.lastModifiedMs('/f')).toBe(1234);
  });
});

async function durableFileIn(fs: FaultInjectingFileSystem, dir: string): Promise<void> {
  const handle = fs.open(`${dir}/f`);
  handle.write(Buffer.from('f'), 0);
  await handle.sync();
  await fs.syncDirectory(dir);
}
