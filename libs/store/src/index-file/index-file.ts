/**
 * One RocketMQ index file: a hash table from message keys to commit-log offsets (protocol.md §4.3).
 *
 *   0                     header, 40 bytes (index-header.ts)
 *   40                    hashSlotNum × int32: newest entry number for the slot, 0 = empty
 *   40 + hashSlotNum × 4  indexNum × 20-byte entries, entry n at + n × 20 (n ≥ 1):
 *                           keyHash int32 | phyOffset int64 | timeDiff int32 (s since beginTimestamp)
 *                           | prevIndex int32 (older entry of the same slot, 0 = none)
 *
 * Memory and I/O: the default file is 420 MB, so it is never held whole. The writable (active) file
 * keeps only its slot table in memory, as an Int32Array (hashSlotNum × 4 bytes, 20 MB by default)
 * with a dirty bit per 4 KiB page; entries are appended through a bounded buffer (they are
 * written sequentially) and the header lives in memory. commit() writes the buffered entries, the
 * dirty slot pages and the header to the OS; flush() commits and fsyncs. A sealed file (full, or
 * not the newest) holds only its fd: a query reads one slot (4 bytes) and then 20 bytes per chain
 * step by positioned reads. After the first write failure the file refuses writes with that error.
 */
import { javaStringHashCode, readInt64, writeInt64 } from '@rmq/protocol';
import { StoreIoError } from '../errors/store-io.error';
import { FileHandle, FileSystem } from '../fs/file-system';
import {
  decodeIndexHeader,
  encodeIndexHeader,
  INDEX_HEADER_BYTES,
  IndexHeader,
  newIndexHeader,
} from './index-header';

export const INDEX_HASH_SLOT_BYTES = 4;
export const INDEX_ENTRY_BYTES = 20;
/** Slots per dirty-tracking page (4 KiB of slot table). */
const SLOTS_PER_PAGE = 1024;
/** Largest run of slot pages written in one call (64 KiB scratch). */
const SLOT_PAGES_PER_WRITE = 16;
export const INDEX_ENTRY_BUFFER_BYTES_DEFAULT = 64 * 1024;
const INT32_MAX = 0x7fffffff;

export function indexFileSizeBytes(hashSlotNum: number, indexNum: number): number {
  return INDEX_HEADER_BYTES + hashSlotNum * INDEX_HASH_SLOT_BYTES + indexNum * INDEX_ENTRY_BYTES;
}

/** RocketMQ's indexKeyHashMethod: abs(String.hashCode), 0 for Integer.MIN_VALUE. */
export function indexKeyHash(key: string): number {
  const hash = javaStringHashCode(key);
  return hash === -0x80000000 ? 0 : Math.abs(hash);
}

export interface IndexFileOptions {
  readonly fs: FileSystem;
  readonly path: string;
  readonly hashSlotNum: number;
  readonly indexNum: number;
  /** Bound of the entry write buffer (default 64 KiB). */
  readonly entryBufferBytes?: number;
}

export class IndexFile {
  readonly path: string;
  private readonly hashSlotNum: number;
  private readonly indexNum: number;
  private readonly entriesStart: number;
  private slots: Int32Array | undefined;
  private dirtyPages: Uint8Array | undefined;
  private headerDirty = false;
  private readonly entryBuffer: Buffer | undefined;
  /** Entry number of the first entry held in entryBuffer (entries before it are in the file). */
  private bufferedFromEntry: number;
  private readonly scratch = Buffer.alloc(INDEX_ENTRY_BYTES);
  private stickyError: StoreIoError | undefined;
  private closed = false;

  private constructor(
    private readonly options: IndexFileOptions,
    private readonly handle: FileHandle,
    private readonly header: IndexHeader,
    writable: boolean,
  ) {
    this.path = options.path;
    this.hashSlotNum = options.hashSlotNum;
    this.indexNum = options.indexNum;
    this.entriesStart = INDEX_HEADER_BYTES + this.hashSlotNum * INDEX_HASH_SLOT_BYTES;
    this.bufferedFromEntry = header.indexCount;
    if (writable) {
      this.slots = new Int32Array(this.hashSlotNum);
      this.dirtyPages = new Uint8Array(Math.ceil(this.hashSlotNum / SLOTS_PER_PAGE));
      const bufferBytes = options.entryBufferBytes ?? INDEX_ENTRY_BUFFER_BYTES_DEFAULT;
      this.entryBuffer = Buffer.alloc(
        Math.max(1, Math.floor(bufferBytes / INDEX_ENTRY_BYTES)) * INDEX_ENTRY_BYTES,
      );
    }
  }

  /** A new, empty, writable file; begin/end start at the previous file's end values (RocketMQ). */
  static create(options: IndexFileOptions, prevEndPhyOffset: number, prevEndTimestamp: number): IndexFile {
    const handle = options.fs.open(options.path);
    const file = new IndexFile(options, handle, newIndexHeader(prevEndPhyOffset, prevEndTimestamp), true);
    try {
      file.guard(() => handle.truncate(indexFileSizeBytes(options.hashSlotNum, options.indexNum)), 'size');
    } catch (err) {
      handle.close();
      throw err;
    }
    file.headerDirty = true;
    return file;
  }

  /**
   * Opens an existing file; a writable one reads its slot table into memory. A file shorter than
   * the configured size lost its unsynced size in a crash: it is grown with zeros (it can only be
   * an unflushed file, which abnormal recovery then deletes). A longer one is another config: error.
   */
  static open(options: IndexFileOptions, writable: boolean): IndexFile {
    const handle = options.fs.open(options.path);
    const expected = indexFileSizeBytes(options.hashSlotNum, options.indexNum);
    const headerBytes = Buffer.alloc(INDEX_HEADER_BYTES);
    try {
      if (handle.size() > expected) throw new Error(`${handle.size()} bytes, expected ${expected}`);
      if (handle.size() < expected) handle.truncate(expected);
      handle.read(headerBytes, 0, INDEX_HEADER_BYTES, 0);
    } catch (err) {
      handle.close();
      const reason = err instanceof Error ? err.message : String(err);
      throw new StoreIoError(`cannot open index file ${options.path}: ${reason}`, {
        cause: err,
        context: { file: options.path },
      });
    }
    const file = new IndexFile(
      options,
      handle,
      decodeIndexHeader(headerBytes),
      writable && !isFull(headerBytes, options),
    );
    file.loadSlots();
    return file;
  }

  get name(): string {
    return this.path.slice(this.path.lastIndexOf('/') + 1);
  }
  get beginTimestamp(): number {
    return this.header.beginTimestamp;
  }
  get endTimestamp(): number {
    return this.header.endTimestamp;
  }
  get beginPhyOffset(): number {
    return this.header.beginPhyOffset;
  }
  get endPhyOffset(): number {
    return this.header.endPhyOffset;
  }
  get indexCount(): number {
    return this.header.indexCount;
  }
  get hashSlotCount(): number {
    return this.header.hashSlotCount;
  }

  isWriteFull(): boolean {
    return this.header.indexCount >= this.indexNum;
  }

  isWritable(): boolean {
    return this.slots !== undefined;
  }

  /** Adds `key` → phyOffset; false when the file is full (RocketMQ's putKey). */
  putKey(key: string, phyOffset: number, storeTimestampMs: number): boolean {
    const slots = this.writableSlots();
    const h = this.header;
    if (h.indexCount >= this.indexNum) return false;
    const keyHash = indexKeyHash(key);
    const slot = keyHash % this.hashSlotNum;
    let prevIndex = slots[slot] ?? 0;
    if (prevIndex <= 0 || prevIndex > h.indexCount) prevIndex = 0;
    let timeDiffS = Math.trunc((storeTimestampMs - h.beginTimestamp) / 1000);
    if (h.beginTimestamp <= 0 || timeDiffS < 0) timeDiffS = 0;
    else if (timeDiffS > INT32_MAX) timeDiffS = INT32_MAX;
    this.appendEntry(keyHash, phyOffset, timeDiffS, prevIndex);
    slots[slot] = h.indexCount;
    (this.dirtyPages as Uint8Array)[Math.floor(slot / SLOTS_PER_PAGE)] = 1;
    if (h.indexCount <= 1) {
      h.beginPhyOffset = phyOffset;
      h.beginTimestamp = storeTimestampMs;
    }
    if (prevIndex === 0) h.hashSlotCount += 1;
    h.indexCount += 1;
    h.endPhyOffset = phyOffset;
    h.endTimestamp = storeTimestampMs;
    this.headerDirty = true;
    return true;
  }

  /** RocketMQ's isTimeMatched: the file's [begin, end] overlaps [beginMs, endMs]. */
  isTimeMatched(beginMs: number, endMs: number): boolean {
    const { beginTimestamp: b, endTimestamp: e } = this.header;
    return (beginMs < b && endMs > e) || (beginMs >= b && beginMs <= e) || (endMs >= b && endMs <= e);
  }

  /** Walks the key's slot chain, newest first, adding offsets stored within [beginMs, endMs] up to maxNum. */
  selectPhyOffsets(out: number[], key: string, maxNum: number, beginMs: number, endMs: number): void {
    const count = this.header.indexCount;
    const keyHash = indexKeyHash(key);
    let next = this.readSlot(keyHash % this.hashSlotNum);
    if (next <= 0 || next >= count) return;
    while (out.length < maxNum) {
      const entry = this.readEntry(next);
      const timeDiffS = entry.readInt32BE(12);
      if (timeDiffS < 0) break;
      const storedAtMs = this.header.beginTimestamp + timeDiffS * 1000;
      if (entry.readInt32BE(0) === keyHash && storedAtMs >= beginMs && storedAtMs <= endMs) {
        out.push(readInt64(entry, 4));
      }
      const prev = entry.readInt32BE(16);
      // Entries only point at older ones; anything else is damage, so the walk stops there.
      if (prev <= 0 || prev >= next || storedAtMs < beginMs) break;
      next = prev;
    }
  }

  /** Writes buffered entries, dirty slot pages and the header to the OS (not yet durable). */
  commit(): void {
    if (!this.slots) return;
    this.throwIfFailed();
    this.writeBufferedEntries();
    this.writeDirtySlotPages();
    if (this.headerDirty) {
      const bytes = encodeIndexHeader(this.header);
      this.guard(() => this.handle.write(bytes, 0), 'write header');
      this.headerDirty = false;
    }
  }

  async flush(): Promise<void> {
    this.commit();
    try {
      await this.handle.sync();
    } catch (err) {
      this.stickyError ??= new StoreIoError(`fsync of ${this.path} failed`, {
        cause: err,
        context: { file: this.path },
      });
      throw this.stickyError;
    }
  }

  /** Commits and drops the in-memory slot table: the file becomes read-only (queries read from disk). */
  seal(): void {
    this.commit();
    this.slots = undefined;
    this.dirtyPages = undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.slots = undefined;
    this.handle.close();
  }

  destroy(): void {
    this.close();
    this.options.fs.remove(this.path);
  }

  private writableSlots(): Int32Array {
    this.throwIfFailed();
    if (!this.slots) throw new Error(`index file ${this.path} is sealed`);
    return this.slots;
  }

  private appendEntry(keyHash: number, phyOffset: number, timeDiffS: number, prevIndex: number): void {
    const buffer = this.entryBuffer as Buffer;
    if ((this.header.indexCount - this.bufferedFromEntry + 1) * INDEX_ENTRY_BYTES > buffer.length) {
      this.writeBufferedEntries();
    }
    const at = (this.header.indexCount - this.bufferedFromEntry) * INDEX_ENTRY_BYTES;
    buffer.writeInt32BE(keyHash, at);
    writeInt64(buffer, phyOffset, at + 4);
    buffer.writeInt32BE(timeDiffS, at + 12);
    buffer.writeInt32BE(prevIndex, at + 16);
  }

  private writeBufferedEntries(): void {
    const pending = (this.header.indexCount - this.bufferedFromEntry) * INDEX_ENTRY_BYTES;
    if (pending === 0 || !this.entryBuffer) return;
    const position = this.entriesStart + this.bufferedFromEntry * INDEX_ENTRY_BYTES;
    const bytes = this.entryBuffer.subarray(0, pending);
    this.guard(() => this.handle.write(bytes, position), `write ${pending} entry bytes`);
    this.bufferedFromEntry = this.header.indexCount;
  }

  private writeDirtySlotPages(): void {
    const slots = this.slots;
    const dirty = this.dirtyPages;
    if (!slots || !dirty) return;
    const scratch = Buffer.allocUnsafe(SLOT_PAGES_PER_WRITE * SLOTS_PER_PAGE * INDEX_HASH_SLOT_BYTES);
    for (let page = 0; page < dirty.length; page += 1) {
      if (dirty[page] === 0) continue;
      let endPage = page + 1;
      while (endPage < dirty.length && dirty[endPage] === 1 && endPage - page < SLOT_PAGES_PER_WRITE)
        endPage += 1;
      const firstSlot = page * SLOTS_PER_PAGE;
      const endSlot = Math.min(endPage * SLOTS_PER_PAGE, this.hashSlotNum);
      for (let s = firstSlot; s < endSlot; s += 1)
        scratch.writeInt32BE(slots[s] ?? 0, (s - firstSlot) * INDEX_HASH_SLOT_BYTES);
      const bytes = scratch.subarray(0, (endSlot - firstSlot) * INDEX_HASH_SLOT_BYTES);
      this.guard(
        () => this.handle.write(bytes, INDEX_HEADER_BYTES + firstSlot * INDEX_HASH_SLOT_BYTES),
        'write slots',
      );
      dirty.fill(0, page, endPage);
      page = endPage - 1;
    }
  }

  private loadSlots(): void {
    const slots = this.slots;
    if (!slots) return;
    const chunk = Buffer.allocUnsafe(SLOT_PAGES_PER_WRITE * SLOTS_PER_PAGE * INDEX_HASH_SLOT_BYTES);
    for (let first = 0; first < this.hashSlotNum; first += chunk.length / INDEX_HASH_SLOT_BYTES) {
      const n = Math.min(chunk.length / INDEX_HASH_SLOT_BYTES, this.hashSlotNum - first);
      this.readExactly(chunk, n * INDEX_HASH_SLOT_BYTES, INDEX_HEADER_BYTES + first * INDEX_HASH_SLOT_BYTES);
      for (let i = 0; i < n; i += 1) slots[first + i] = chunk.readInt32BE(i * INDEX_HASH_SLOT_BYTES);
    }
  }

  private readSlot(slot: number): number {
    if (this.slots) return this.slots[slot] ?? 0;
    this.readExactly(this.scratch, INDEX_HASH_SLOT_BYTES, INDEX_HEADER_BYTES + slot * INDEX_HASH_SLOT_BYTES);
    return this.scratch.readInt32BE(0);
  }

  /** The 20 bytes of entry n (a shared scratch buffer: use before the next read). */
  private readEntry(n: number): Buffer {
    if (this.entryBuffer && this.slots && n >= this.bufferedFromEntry) {
      const at = (n - this.bufferedFromEntry) * INDEX_ENTRY_BYTES;
      return this.entryBuffer.subarray(at, at + INDEX_ENTRY_BYTES);
    }
    this.readExactly(this.scratch, INDEX_ENTRY_BYTES, this.entriesStart + n * INDEX_ENTRY_BYTES);
    return this.scratch;
  }

  private readExactly(target: Buffer, length: number, position: number): void {
    let n: number;
    try {
      n = this.handle.read(target, 0, length, position);
    } catch (err) {
      throw new StoreIoError(`read of ${this.path} at ${position} failed`, {
        cause: err,
        context: { file: this.path },
      });
    }
    if (n !== length)
      throw new StoreIoError(`short read of ${this.path} at ${position}`, { context: { file: this.path } });
  }

  private throwIfFailed(): void {
    if (this.stickyError) throw this.stickyError;
    if (this.closed) throw new StoreIoError(`${this.path} is closed`);
  }

  private guard(io: () => void, what: string): void {
    try {
      io();
    } catch (err) {
      this.stickyError ??= new StoreIoError(`${what} of ${this.path} failed`, {
        cause: err,
        context: { file: this.path },
      });
      throw this.stickyError;
    }
  }
}

function isFull(headerBytes: Buffer, options: IndexFileOptions): boolean {
  return decodeIndexHeader(headerBytes).indexCount >= options.indexNum;
}
