/**
 * One fixed-size file of a MappedFileQueue (a commit-log segment, a consume-queue file), named by
 * its 20-digit start offset, as RocketMQ's MappedFile. Appends land in a bounded write buffer and
 * reach the OS on commit(); flush() commits then fsyncs. Invariant:
 *   flushedPosition <= committedPosition <= wrotePosition <= fileSize
 * and the buffer holds exactly the bytes [committedPosition, wrotePosition). The buffer is allocated on
 * the first append and released once the file is full and committed, so only the files being written
 * hold one. The first I/O failure is sticky: every later append, commit or flush throws it again.
 */
import path from 'node:path';
import { StoreIoError } from '../errors/store-io.error';
import { FileHandle, FileSystem } from '../fs/file-system';

export const FILE_NAME_DIGITS = 20;

export function offsetToFileName(offset: number): string {
  return String(offset).padStart(FILE_NAME_DIGITS, '0');
}

export class MappedFile {
  readonly fileName: string;
  private wrote: number;
  private committed: number;
  private flushed: number;
  private buffer: Buffer | undefined;
  /**
   * File position of buffer[0]. The buffer holds [bufferStart, wrote): committed bytes stay in it
   * until it wraps, so readers that follow the writer (dispatch, replication) read from memory.
   */
  private bufferStart: number;
  private readonly bufferBytes: number;
  /** A truncate or resize not yet covered by an fsync (flush() syncs even with no new bytes). */
  private syncPending = false;
  private stickyError: StoreIoError | undefined;
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly fileFromOffset: number,
    readonly fileSize: number,
    writeBufferBytes: number,
    initialPosition: number,
  ) {
    this.fileName = handle.path;
    this.bufferBytes = Math.max(1, Math.min(writeBufferBytes, fileSize));
    this.wrote = this.committed = this.flushed = this.bufferStart = initialPosition;
  }

  /** Creates (or reuses) the file for `fromOffset` in `dir`, sized to fileSize (sparse, zeros). */
  static create(
    fs: FileSystem,
    dir: string,
    fromOffset: number,
    fileSize: number,
    writeBufferBytes: number,
  ): MappedFile {
    const handle = fs.open(path.join(dir, offsetToFileName(fromOffset)));
    try {
      if (handle.size() !== fileSize) handle.truncate(fileSize);
    } catch (err) {
      handle.close();
      throw new StoreIoError(`cannot size ${handle.path} to ${fileSize} bytes`, { cause: err });
    }
    return new MappedFile(handle, fromOffset, fileSize, writeBufferBytes, 0);
  }

  /** Opens an existing file; positions start at the end and recovery moves them back. */
  static open(fs: FileSystem, filePath: string, fileSize: number, writeBufferBytes: number): MappedFile {
    const fromOffset = Number(path.basename(filePath));
    return new MappedFile(fs.open(filePath), fromOffset, fileSize, writeBufferBytes, fileSize);
  }

  get wrotePosition(): number {
    return this.wrote;
  }
  get committedPosition(): number {
    return this.committed;
  }
  get flushedPosition(): number {
    return this.flushed;
  }
  get error(): StoreIoError | undefined {
    return this.stickyError;
  }
  /** True when flush() has something to make durable (bytes, or a truncate/resize). */
  get needsFlush(): boolean {
    return this.flushed < this.wrote || this.syncPending;
  }

  /** Size of the file on disk (equals fileSize for a healthy file). */
  diskSize(): number {
    return this.handle.size();
  }

  remaining(): number {
    return this.fileSize - this.wrote;
  }

  isFull(): boolean {
    return this.wrote === this.fileSize;
  }

  /**
   * Reserves `size` bytes at the write position and lets `fill` write them in place (no copy);
   * returns the file position of the first byte. The caller checks remaining() first. `context` is
   * handed to `fill`, so hot callers can pass a module-level function instead of a new closure.
   */
  appendWith<C = undefined>(
    size: number,
    fill: (target: Buffer, offset: number, context: C) => void,
    context?: C,
  ): number {
    this.throwIfFailed();
    if (size > this.remaining()) throw new Error(`append of ${size} bytes past the end of ${this.fileName}`);
    const at = this.wrote;
    if (size > this.bufferBytes) {
      const direct = Buffer.allocUnsafe(size);
      fill(direct, 0, context as C);
      this.commit();
      this.guard(() => this.handle.write(direct, at), `write ${size} bytes at ${at}`);
      this.wrote = this.committed = this.bufferStart = at + size;
      return at;
    }
    if (this.wrote - this.bufferStart + size > this.bufferBytes) {
      this.commit();
      this.bufferStart = this.wrote;
    }
    this.buffer ??= Buffer.allocUnsafe(this.bufferBytes);
    fill(this.buffer, this.wrote - this.bufferStart, context as C);
    this.wrote += size;
    return at;
  }

  append(data: Uint8Array): number {
    return this.appendWith(data.length, (target, offset) => target.set(data, offset));
  }

  /** Writes buffered bytes to the OS (not yet durable). */
  commit(): void {
    this.throwIfFailed();
    const pending = this.wrote - this.committed;
    if (pending > 0 && this.buffer) {
      const from = this.committed - this.bufferStart;
      const data = this.buffer.subarray(from, from + pending);
      this.guard(
        () => this.handle.write(data, this.committed),
        `write ${pending} bytes at ${this.committed}`,
      );
      this.committed = this.wrote;
    }
    if (this.isFull()) {
      this.buffer = undefined;
      this.bufferStart = this.wrote;
    }
  }

  /** Commits and fsyncs; resolves with the flushed position. Appends may continue meanwhile. */
  async flush(): Promise<number> {
    this.commit();
    const target = this.committed;
    if (target === this.flushed && !this.syncPending) return this.flushed;
    this.syncPending = false;
    try {
      await this.handle.sync();
    } catch (err) {
      this.stickyError ??= new StoreIoError(`fsync of ${this.fileName} failed`, {
        cause: err,
        context: { file: this.fileName },
      });
      throw this.stickyError;
    }
    this.flushed = Math.max(this.flushed, target);
    return this.flushed;
  }

  /**
   * Bytes [position, position + length) of what was appended: from the buffer when it still holds
   * them (always for uncommitted bytes), from the file before that.
   */
  read(position: number, length: number): Buffer {
    const end = Math.min(position + length, this.wrote);
    if (position < 0 || position >= end) return Buffer.alloc(0);
    const inBuffer = this.buffer ? this.bufferStart : this.wrote;
    if (this.buffer && position >= inBuffer) {
      const copy = Buffer.allocUnsafe(end - position);
      this.buffer.copy(copy, 0, position - inBuffer, end - inBuffer);
      return copy;
    }
    const out = Buffer.allocUnsafe(end - position);
    const fromFileEnd = Math.min(end, inBuffer);
    const n = this.readFile(out, fromFileEnd - position, position);
    if (n !== fromFileEnd - position) throw new StoreIoError(`short read of ${this.fileName} at ${position}`);
    if (fromFileEnd < end && this.buffer) {
      this.buffer.copy(out, fromFileEnd - position, fromFileEnd - inBuffer, end - inBuffer);
    }
    return out;
  }

  /** Recovery: sets every position to `position` (data after it is ignored and overwritten later). */
  resetPositions(position: number): void {
    if (position < 0 || position > this.fileSize)
      throw new Error(`position ${position} outside ${this.fileName}`);
    this.wrote = this.committed = this.flushed = this.bufferStart = position;
    this.buffer = undefined;
  }

  /**
   * Recovery: ends the file's data at `position`, in memory and on disk: the file is cut there and
   * grown back with zeros, so stale bytes of a torn tail can never be read as records again. The
   * next flush() makes the cut durable.
   */
  truncateTo(position: number): void {
    this.resetPositions(position);
    this.buffer = undefined;
    if (position === this.fileSize) return;
    this.syncPending = true;
    this.guard(() => {
      this.handle.truncate(position);
      this.handle.truncate(this.fileSize);
    }, `cut at ${position}`);
  }

  /**
   * Grows a file shorter than fileSize with zeros. A crash can lose a new file's size (it is metadata
   * made durable only by an fsync), and such a file holds no acknowledged bytes past its size.
   * Returns the size found.
   */
  extendToFileSize(): number {
    const found = this.handle.size();
    if (found < this.fileSize) {
      this.guard(() => this.handle.truncate(this.fileSize), `grow from ${found} bytes`);
      this.syncPending = true;
    }
    return found;
  }

  lastModifiedMs(fs: FileSystem): number {
    return fs.lastModifiedMs(this.fileName);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.handle.close();
  }

  destroy(fs: FileSystem): void {
    this.close();
    fs.remove(this.fileName);
  }

  /** Reads do not poison the file: a failed read says nothing about what was written. */
  private readFile(out: Buffer, length: number, position: number): number {
    try {
      return this.handle.read(out, 0, length, position);
    } catch (err) {
      throw new StoreIoError(`read of ${this.fileName} at ${position} failed`, {
        cause: err,
        context: { file: this.fileName },
      });
    }
  }

  private throwIfFailed(): void {
    if (this.stickyError) throw this.stickyError;
    if (this.closed) throw new StoreIoError(`${this.fileName} is closed`);
  }

  private guard<T>(io: () => T, what: string): T {
    try {
      return io();
    } catch (err) {
      this.stickyError ??= new StoreIoError(`${what} of ${this.fileName} failed`, {
        cause: err,
        context: { file: this.fileName },
      });
      throw this.stickyError;
    }
  }
}
