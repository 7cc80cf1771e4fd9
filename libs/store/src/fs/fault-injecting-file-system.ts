/**
 * An in-memory FileSystem that fails the way disks do, so recovery code meets the faults it exists
 * for (TigerBeetle's testing storage). Each file has durable bytes plus the writes and truncates not
 * yet synced; `crash(seed)` returns the state a power cut could leave: every unsynced write is kept,
 * dropped or torn (a prefix kept, cut at a 512-byte sector boundary), every unsynced truncate kept or
 * dropped. Directory entries (create, rename, remove, mkdir) are journaled per directory: a crash
 * keeps a random prefix of each directory's entry changes since its last `syncDirectory()`, and
 * entries under a directory that did not survive are gone. Writes and syncs can be made to fail.
 * Paths are POSIX and absolute. After `crash()` this instance is dead: every call throws EIO.
 */
import path from 'node:path';
import { FileHandle, FileSystem, parentOf } from './file-system';

export const SECTOR_BYTES = 512;
/** A test that leaves more unsynced data than this is leaking; fail loudly rather than eat memory. */
const PENDING_BYTES_MAX = 512 * 1024 * 1024;
const DEFAULT_CAPACITY_BYTES = 64 * 1024 * 1024 * 1024;

type PendingOp =
  | { readonly kind: 'write'; readonly seq: number; readonly position: number; readonly data: Buffer }
  | { readonly kind: 'truncate'; readonly seq: number; readonly size: number };

/** A growable byte array (one file's content). */
class Bytes {
  private buf = Buffer.alloc(0);
  size = 0;

  write(data: Uint8Array, position: number): void {
    this.ensureCapacity(position + data.length);
    if (position > this.size) this.buf.fill(0, this.size, position);
    this.buf.set(data, position);
    this.size = Math.max(this.size, position + data.length);
  }

  truncate(size: number): void {
    this.ensureCapacity(size);
    if (size > this.size) this.buf.fill(0, this.size, size);
    this.size = size;
  }

  read(target: Uint8Array, targetOffset: number, length: number, position: number): number {
    const n = Math.max(0, Math.min(length, this.size - position));
    if (n > 0) target.set(this.buf.subarray(position, position + n), targetOffset);
    return n;
  }

  snapshot(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.size));
  }

  clone(): Bytes {
    const copy = new Bytes();
    copy.write(this.buf.subarray(0, this.size), 0);
    return copy;
  }

  private ensureCapacity(bytes: number): void {
    if (bytes <= this.buf.length) return;
    const grown = Buffer.alloc(Math.max(bytes, this.buf.length * 2, 4096));
    this.buf.copy(grown, 0, 0, this.size);
    this.buf = grown;
  }
}

class Inode {
  readonly live = new Bytes();
  durable = new Bytes();
  pending: PendingOp[] = [];
  pendingBytes = 0;
  constructor(public mtimeMs: number) {}
}

type Entry = { readonly kind: 'dir' } | { readonly kind: 'file'; readonly inode: Inode };
/** One atomic change of a directory's entries: path → entry, or undefined for an unlink. */
type EntryChange = ReadonlyArray<readonly [string, Entry | undefined]>;
const DIR: Entry = Object.freeze({ kind: 'dir' });

export interface WriteFault {
  /** Paths it applies to (substring or RegExp); default every path. */
  path?: string | RegExp;
  /** Bytes the matching writes may still store before failing (the failing write stores its share). */
  afterBytes?: number;
  /** errno code of the failure; default ENOSPC. */
  code?: string;
}

export interface SyncFault {
  path?: string | RegExp;
  /** Matching syncs that still succeed before the fault starts; default 0. */
  afterCalls?: number;
  /** How many syncs the fault hits; default every one after `afterCalls`. */
  times?: number;
  /** `fail` rejects with EIO; `hang` never settles until releaseHungSyncs() or crash(). */
  mode?: 'fail' | 'hang';
  /** File syncs, directory syncs, or both; default files. */
  target?: 'file' | 'directory' | 'any';
}

interface ActiveWriteFault {
  readonly match: (p: string) => boolean;
  remainingBytes: number;
  readonly code: string;
}

interface ActiveSyncFault {
  readonly match: (p: string) => boolean;
  skip: number;
  times: number;
  readonly mode: 'fail' | 'hang';
  readonly target: 'file' | 'directory' | 'any';
}

export interface FaultInjectingFileSystemOptions {
  /** mtime source (ms); default Date.now. */
  clock?: () => number;
  /** What diskUsage() reports as total; free = total − live bytes unless setDiskUsage() overrides. */
  capacityBytes?: number;
}

export function fsError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

function matcher(pattern: string | RegExp | undefined): (p: string) => boolean {
  if (pattern === undefined) return () => true;
  return typeof pattern === 'string' ? (p) => p.includes(pattern) : (p) => pattern.test(p);
}

/** mulberry32: the crash outcome must reproduce from its seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class FaultFileHandle implements FileHandle {
  private closed = false;

  constructor(
    private readonly owner: FaultInjectingFileSystem,
    private readonly inode: Inode,
    readonly path: string,
  ) {}

  write(data: Uint8Array, position: number): void {
    this.check();
    const allowed = this.owner.allowedWriteBytes(this.path, data.length);
    const stored = allowed.bytes < data.length ? data.subarray(0, allowed.bytes) : data;
    if (stored.length > 0)
      this.owner.record(this.inode, { kind: 'write', position, data: Buffer.from(stored) });
    if (allowed.error) throw allowed.error;
  }

  read(target: Uint8Array, targetOffset: number, length: number, position: number): number {
    this.check();
    return this.inode.live.read(target, targetOffset, length, position);
  }

  sync(): Promise<void> {
    this.check();
    return this.owner.syncInode(this.inode, this.path);
  }

  truncate(size: number): void {
    this.check();
    this.owner.record(this.inode, { kind: 'truncate', size });
  }

  size(): number {
    this.check();
    return this.inode.live.size;
  }

  close(): void {
    this.closed = true;
  }

  private check(): void {
    this.owner.assertAlive();
    if (this.closed) throw fsError('EBADF', `${this.path} is closed`);
  }
}

export class FaultInjectingFileSystem implements FileSystem {
  private readonly live = new Map<string, Entry>([['/', DIR]]);
  private readonly durable = new Map<string, Entry>([['/', DIR]]);
  /** Per directory: entry changes not yet made durable by syncDirectory(), oldest first. */
  private readonly journal = new Map<string, EntryChange[]>();
  private readonly writeFaults: ActiveWriteFault[] = [];
  private readonly syncFaults: ActiveSyncFault[] = [];
  private readonly fileSyncs = new Map<string, number>();
  private readonly dirSyncs = new Map<string, number>();
  private readonly hung: Array<() => void> = [];
  private readonly clock: () => number;
  private usageOverride: { totalBytes: number; freeBytes: number } | undefined;
  private seq = 0;
  private pendingBytesTotal = 0;
  private crashed = false;

  constructor(private readonly options: FaultInjectingFileSystemOptions = {}) {
    this.clock = options.clock ?? Date.now;
  }

  // ---- FileSystem ----

  open(filePath: string): FileHandle {
    this.assertAlive();
    const p = this.resolve(filePath);
    const existing = this.live.get(p);
    if (existing?.kind === 'dir') throw fsError('EISDIR', `open ${p}`);
    if (existing) return new FaultFileHandle(this, existing.inode, filePath);
    this.requireDir(parentOf(p), `open ${p}`);
    const entry: Entry = { kind: 'file', inode: new Inode(this.clock()) };
    this.change(parentOf(p), [[p, entry]]);
    return new FaultFileHandle(this, entry.inode, filePath);
  }

  exists(filePath: string): boolean {
    this.assertAlive();
    return this.live.has(this.resolve(filePath));
  }

  mkdirs(dirPath: string): void {
    const p = this.resolve(dirPath);
    const parts = p.split('/').filter((s) => s !== '');
    let current = '';
    for (const part of parts) {
      current = `${current}/${part}`;
      const entry = this.live.get(current);
      if (entry?.kind === 'file') throw fsError('ENOTDIR', `mkdir ${current}`);
      if (!entry) this.change(parentOf(current), [[current, DIR]]);
    }
  }

  list(dirPath: string): string[] {
    this.assertAlive();
    const p = this.resolve(dirPath);
    return [...this.live.keys()]
      .filter((k) => k !== '/' && parentOf(k) === p)
      .map((k) => path.posix.basename(k))
      .sort();
  }

  isDirectory(dirPath: string): boolean {
    this.assertAlive();
    return this.live.get(this.resolve(dirPath))?.kind === 'dir';
  }

  remove(filePath: string): void {
    const p = this.resolve(filePath);
    const entry = this.live.get(p);
    if (!entry) return;
    if (entry.kind === 'dir') throw fsError('EISDIR', `remove ${p} (use removeTree)`);
    this.change(parentOf(p), [[p, undefined]]);
  }

  removeTree(dirPath: string): void {
    const p = this.resolve(dirPath);
    const doomed = [...this.live.keys()].filter((k) => k === p || k.startsWith(`${p}/`));
    doomed.sort((a, b) => b.length - a.length);
    for (const k of doomed) if (k !== '/') this.change(parentOf(k), [[k, undefined]]);
  }

  rename(from: string, to: string): void {
    const src = this.resolve(from);
    const dst = this.resolve(to);
    const entry = this.live.get(src);
    if (!entry) throw fsError('ENOENT', `rename ${src}`);
    if (entry.kind === 'dir') throw fsError('EISDIR', `rename of directory ${src} is not modelled`);
    if (this.live.get(dst)?.kind === 'dir') throw fsError('EISDIR', `rename onto ${dst}`);
    this.requireDir(parentOf(dst), `rename to ${dst}`);
    if (src === dst) return;
    if (parentOf(src) === parentOf(dst)) {
      this.change(parentOf(src), [
        [src, undefined],
        [dst, entry],
      ]);
    } else {
      this.change(parentOf(dst), [[dst, entry]]);
      this.change(parentOf(src), [[src, undefined]]);
    }
  }

  syncDirectory(dirPath: string): Promise<void> {
    this.assertAlive();
    const p = this.resolve(dirPath);
    if (this.live.get(p)?.kind !== 'dir') return Promise.reject(fsError('ENOENT', `sync directory ${p}`));
    this.dirSyncs.set(p, (this.dirSyncs.get(p) ?? 0) + 1);
    const covered = this.journal.get(p)?.length ?? 0;
    return this.settleSync(p, 'directory', () => {
      const changes = this.journal.get(p) ?? [];
      for (const change of changes.splice(0, covered)) applyChange(this.durable, change);
    });
  }

  readFile(filePath: string): Buffer {
    return this.inodeOf(filePath).live.snapshot();
  }

  lastModifiedMs(filePath: string): number {
    return this.inodeOf(filePath).mtimeMs;
  }

  diskUsage(_path: string): { totalBytes: number; freeBytes: number } {
    this.assertAlive();
    if (this.usageOverride) return { ...this.usageOverride };
    const totalBytes = this.options.capacityBytes ?? DEFAULT_CAPACITY_BYTES;
    let used = 0;
    for (const entry of this.live.values()) if (entry.kind === 'file') used += entry.inode.live.size;
    return { totalBytes, freeBytes: Math.max(0, totalBytes - used) };
  }

  // ---- fault injection and inspection ----

  /** Matching writes fail once `afterBytes` more bytes were written (a short write, then the error). */
  failWrites(fault: WriteFault = {}): void {
    this.writeFaults.push({
      match: matcher(fault.path),
      remainingBytes: fault.afterBytes ?? 0,
      code: fault.code ?? 'ENOSPC',
    });
  }

  failSyncs(fault: SyncFault = {}): void {
    this.syncFaults.push({
      match: matcher(fault.path),
      skip: fault.afterCalls ?? 0,
      times: fault.times ?? Number.POSITIVE_INFINITY,
      mode: fault.mode ?? 'fail',
      target: fault.target ?? 'file',
    });
  }

  clearFaults(): void {
    this.writeFaults.length = 0;
    this.syncFaults.length = 0;
  }

  /** Lets every hung sync go on: it completes (and makes its writes durable) or fails. */
  releaseHungSyncs(): void {
    for (const release of this.hung.splice(0)) release();
  }

  /** File syncs so far whose path matches. */
  syncCount(pattern?: string | RegExp): number {
    return countMatching(this.fileSyncs, matcher(pattern));
  }

  directorySyncCount(pattern?: string | RegExp): number {
    return countMatching(this.dirSyncs, matcher(pattern));
  }

  setDiskUsage(usage: { totalBytes: number; freeBytes: number } | undefined): void {
    this.usageOverride = usage;
  }

  setLastModifiedMs(filePath: string, mtimeMs: number): void {
    this.inodeOf(filePath).mtimeMs = mtimeMs;
  }

  /** The bytes a crash would certainly keep (undefined when the name itself is not durable). */
  durableContent(filePath: string): Buffer | undefined {
    const entry = this.durable.get(this.resolve(filePath));
    return entry?.kind === 'file' ? entry.inode.durable.snapshot() : undefined;
  }

  /** Bytes written or truncated under `filePath` and not yet synced. */
  unsyncedBytes(filePath: string): number {
    return this.inodeOf(filePath).pendingBytes;
  }

  /**
   * Simulates a power cut: returns a new file system holding what survived, decided by `seed`.
   * This instance dies: later calls throw EIO and hung syncs reject.
   */
  crash(seed: number): FaultInjectingFileSystem {
    this.assertAlive();
    const random = seeded(seed);
    const names = new Map(this.durable);
    for (const changes of this.journal.values()) {
      const kept = Math.floor(random() * (changes.length + 1));
      for (const change of changes.slice(0, kept)) applyChange(names, change);
    }
    const next = new FaultInjectingFileSystem(this.options);
    const survivors = new Map<Inode, Inode>();
    for (const [p, entry] of [...names].sort(([a], [b]) => a.length - b.length)) {
      if (p === '/' || next.live.get(parentOf(p))?.kind !== 'dir') continue;
      const copy =
        entry.kind === 'dir'
          ? DIR
          : { kind: 'file' as const, inode: this.survivor(entry.inode, survivors, random) };
      next.live.set(p, copy);
      next.durable.set(p, copy);
    }
    this.crashed = true;
    this.releaseHungSyncs();
    return next;
  }

  // ---- internals used by handles ----

  assertAlive(): void {
    if (this.crashed) throw fsError('EIO', 'the file system crashed (use the instance crash() returned)');
  }

  /** How much of a write of `bytes` to `p` the write faults let through, and the error if not all. */
  allowedWriteBytes(p: string, bytes: number): { bytes: number; error?: NodeJS.ErrnoException } {
    for (const fault of this.writeFaults) {
      if (!fault.match(p)) continue;
      if (fault.remainingBytes >= bytes) {
        fault.remainingBytes -= bytes;
        continue;
      }
      const allowed = fault.remainingBytes;
      fault.remainingBytes = 0;
      return { bytes: allowed, error: fsError(fault.code, `write of ${bytes} bytes to ${p}`) };
    }
    return { bytes };
  }

  record(
    inode: Inode,
    op: { kind: 'write'; position: number; data: Buffer } | { kind: 'truncate'; size: number },
  ): void {
    const bytes = op.kind === 'write' ? op.data.length : 0;
    if (this.pendingBytesTotal + bytes > PENDING_BYTES_MAX) {
      throw new Error(`fault-injecting fs holds over ${PENDING_BYTES_MAX} unsynced bytes; sync in the test`);
    }
    const seq = ++this.seq;
    inode.pending.push({ ...op, seq });
    inode.pendingBytes += bytes;
    this.pendingBytesTotal += bytes;
    if (op.kind === 'write') inode.live.write(op.data, op.position);
    else inode.live.truncate(op.size);
    inode.mtimeMs = this.clock();
  }

  syncInode(inode: Inode, p: string): Promise<void> {
    const resolved = this.resolve(p);
    this.fileSyncs.set(resolved, (this.fileSyncs.get(resolved) ?? 0) + 1);
    const coveredSeq = this.seq;
    return this.settleSync(resolved, 'file', () => {
      while (inode.pending.length > 0 && (inode.pending[0]?.seq ?? Infinity) <= coveredSeq) {
        const op = inode.pending.shift() as PendingOp;
        applyOp(inode.durable, op);
        if (op.kind === 'write') {
          inode.pendingBytes -= op.data.length;
          this.pendingBytesTotal -= op.data.length;
        }
      }
    });
  }

  // ---- private ----

  /** Settles a sync on a later turn (syncs are asynchronous), unless a fault fails or hangs it. */
  private settleSync(p: string, target: 'file' | 'directory', makeDurable: () => void): Promise<void> {
    const fault = this.takeSyncFault(p, target);
    return new Promise<void>((resolve, reject) => {
      const settle = (): void => {
        if (this.crashed) return reject(fsError('EIO', `sync of ${p}: the file system crashed`));
        if (fault === 'fail') return reject(fsError('EIO', `sync of ${p}`));
        makeDurable();
        resolve();
      };
      if (fault === 'hang') this.hung.push(settle);
      else setImmediate(settle);
    });
  }

  private takeSyncFault(p: string, target: 'file' | 'directory'): 'fail' | 'hang' | undefined {
    for (const fault of this.syncFaults) {
      if (!fault.match(p) || (fault.target !== 'any' && fault.target !== target)) continue;
      if (fault.skip > 0) {
        fault.skip -= 1;
        continue;
      }
      if (fault.times <= 0) continue;
      fault.times -= 1;
      return fault.mode;
    }
    return undefined;
  }

  private survivor(inode: Inode, survivors: Map<Inode, Inode>, random: () => number): Inode {
    const known = survivors.get(inode);
    if (known) return known;
    const bytes = inode.durable.clone();
    for (const op of inode.pending) {
      const roll = random();
      if (op.kind === 'truncate') {
        if (roll < 0.5) bytes.truncate(op.size);
      } else if (roll < 1 / 3) {
        bytes.write(op.data, op.position);
      } else if (roll >= 2 / 3) {
        bytes.write(op.data.subarray(0, tornPrefixBytes(op.position, op.data.length, random)), op.position);
      }
    }
    const copy = new Inode(inode.mtimeMs);
    copy.live.write(bytes.snapshot(), 0);
    copy.durable = bytes;
    survivors.set(inode, copy);
    return copy;
  }

  private change(dir: string, change: EntryChange): void {
    this.assertAlive();
    applyChange(this.live, change);
    const changes = this.journal.get(dir) ?? [];
    changes.push(change);
    this.journal.set(dir, changes);
  }

  private requireDir(dir: string, what: string): void {
    if (this.live.get(dir)?.kind !== 'dir') throw fsError('ENOENT', `${what}: no directory ${dir}`);
  }

  private inodeOf(filePath: string): Inode {
    this.assertAlive();
    const p = this.resolve(filePath);
    const entry = this.live.get(p);
    if (!entry) throw fsError('ENOENT', p);
    if (entry.kind === 'dir') throw fsError('EISDIR', p);
    return entry.inode;
  }

  private resolve(p: string): string {
    if (!p.startsWith('/')) throw fsError('EINVAL', `the fault-injecting fs takes absolute paths, got ${p}`);
    return path.posix.resolve(p);
  }
}

function applyChange(names: Map<string, Entry>, change: EntryChange): void {
  for (const [p, entry] of change) {
    if (entry) names.set(p, entry);
    else names.delete(p);
  }
}

function applyOp(bytes: Bytes, op: PendingOp): void {
  if (op.kind === 'write') bytes.write(op.data, op.position);
  else bytes.truncate(op.size);
}

/** A torn write keeps its first bytes up to a sector boundary inside it (maybe none). */
function tornPrefixBytes(position: number, length: number, random: () => number): number {
  const firstBoundary = (Math.floor(position / SECTOR_BYTES) + 1) * SECTOR_BYTES;
  const boundaries = Math.max(0, Math.ceil((position + length - firstBoundary) / SECTOR_BYTES));
  const choice = Math.floor(random() * (boundaries + 1));
  return choice === 0 ? 0 : Math.min(length, firstBoundary - position + (choice - 1) * SECTOR_BYTES);
}

function countMatching(counts: Map<string, number>, match: (p: string) => boolean): number {
  let total = 0;
  for (const [p, n] of counts) if (match(p)) total += n;
  return total;
}
