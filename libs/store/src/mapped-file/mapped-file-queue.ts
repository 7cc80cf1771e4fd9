/**
 * An ordered run of equal-size MappedFiles covering one contiguous offset range (RocketMQ's
 * MappedFileQueue): the commit log, or one consume queue. Global offset = file start + position.
 * Invariants: files are contiguous (each starts where the previous one's range ends) and only the
 * last file is partly written. flush() makes the directory durable too when files were created or
 * deleted since the last flush, so an fsynced byte never sits in a file whose name a crash can lose.
 */
import { StoreIoError } from '../errors/store-io.error';
import { FileSystem } from '../fs/file-system';
import { MappedFile } from './mapped-file';

const FILE_NAME = /^\d{20}$/;

export class MappedFileQueue {
  private readonly files: MappedFile[] = [];
  /** Files created or deleted since the directory was last fsynced. */
  private directoryDirty = false;
  private readonly grown: string[] = [];

  constructor(
    private readonly fs: FileSystem,
    readonly storePath: string,
    readonly mappedFileSize: number,
    private readonly writeBufferBytes: number,
  ) {}

  /**
   * Opens the existing files. A file that is too long, misaligned, or a gap between files is an error:
   * the store must not guess. A file that is too short lost its unsynced size in a crash (so it holds
   * no acknowledged bytes past that size): it is grown with zeros, and grownFiles() names it. Every
   * file starts "full"; recovery then truncates to the real end.
   */
  load(): void {
    this.fs.mkdirs(this.storePath);
    const names = this.fs.list(this.storePath).filter((n) => FILE_NAME.test(n));
    for (const name of names) {
      const file = MappedFile.open(
        this.fs,
        `${this.storePath}/${name}`,
        this.mappedFileSize,
        this.writeBufferBytes,
      );
      const expected = this.files.length === 0 ? file.fileFromOffset : this.nextFileOffset();
      const foundSize = file.diskSize() < this.mappedFileSize ? file.extendToFileSize() : file.diskSize();
      if (foundSize < this.mappedFileSize) this.grown.push(file.fileName);
      const actualSize = file.diskSize();
      if (
        actualSize !== this.mappedFileSize ||
        file.fileFromOffset !== expected ||
        file.fileFromOffset % this.mappedFileSize !== 0
      ) {
        file.close();
        this.close();
        throw new StoreIoError(
          `${file.fileName}: ${actualSize} bytes at offset ${file.fileFromOffset}, expected ${this.mappedFileSize} bytes at ${expected}`,
        );
      }
      this.files.push(file);
    }
  }

  /** Files load() found shorter than mappedFileSize and grew with zeros. */
  grownFiles(): readonly string[] {
    return this.grown;
  }

  mappedFiles(): readonly MappedFile[] {
    return this.files;
  }

  isEmpty(): boolean {
    return this.files.length === 0;
  }

  first(): MappedFile | undefined {
    return this.files[0];
  }

  last(): MappedFile | undefined {
    return this.files[this.files.length - 1];
  }

  /** The file to append to: the last one, or a new one when there is none or it is full. */
  lastForAppend(startOffset = 0): MappedFile {
    const last = this.last();
    if (last && !last.isFull()) return last;
    const fromOffset = last
      ? last.fileFromOffset + this.mappedFileSize
      : startOffset - (startOffset % this.mappedFileSize);
    const file = MappedFile.create(
      this.fs,
      this.storePath,
      fromOffset,
      this.mappedFileSize,
      this.writeBufferBytes,
    );
    this.files.push(file);
    this.directoryDirty = true;
    return file;
  }

  /** The file holding global `offset`, if still present. */
  findByOffset(offset: number): MappedFile | undefined {
    const first = this.files[0];
    if (!first || offset < first.fileFromOffset) return undefined;
    const index = Math.floor((offset - first.fileFromOffset) / this.mappedFileSize);
    const file = this.files[index];
    return file && offset < file.fileFromOffset + this.mappedFileSize ? file : undefined;
  }

  /** Lowest offset still held (start of the first file). */
  minOffset(): number {
    return this.files[0]?.fileFromOffset ?? 0;
  }

  /** Offset just past the last appended byte. */
  maxOffset(): number {
    const last = this.last();
    return last ? last.fileFromOffset + last.wrotePosition : 0;
  }

  /** Offset up to which every byte is durable. */
  flushedOffset(): number {
    for (const file of this.files) {
      if (file.flushedPosition < file.wrotePosition || !file.isFull())
        return file.fileFromOffset + file.flushedPosition;
    }
    return this.maxOffset();
  }

  /** Bytes appended but not yet fsynced. */
  unflushedBytes(): number {
    return this.maxOffset() - this.flushedOffset();
  }

  /** Writes buffered bytes of every file to the OS. */
  commit(): void {
    for (const file of this.files) if (file.committedPosition < file.wrotePosition) file.commit();
  }

  /**
   * Commits and fsyncs every file with unflushed bytes (or an unsynced truncate), oldest first, then
   * the directory if files came or went; resolves with the flushed offset.
   */
  async flush(): Promise<number> {
    for (const file of this.files) {
      if (file.needsFlush) await file.flush();
    }
    if (this.directoryDirty) {
      this.directoryDirty = false;
      try {
        await this.fs.syncDirectory(this.storePath);
      } catch (err) {
        this.directoryDirty = true;
        throw new StoreIoError(`fsync of directory ${this.storePath} failed`, {
          cause: err,
          context: { dir: this.storePath },
        });
      }
    }
    return this.flushedOffset();
  }

  /**
   * Recovery: `offset` is the end of valid data; later files are deleted, the one holding it is cut
   * there on disk (MappedFile.truncateTo). Call flush() before appending to make that durable.
   */
  truncateDirtyFiles(offset: number): void {
    for (const file of [...this.files].reverse()) {
      const end = file.fileFromOffset + this.mappedFileSize;
      if (end <= offset) continue;
      if (file.fileFromOffset <= offset) {
        file.truncateTo(offset - file.fileFromOffset);
      } else {
        file.destroy(this.fs);
        this.files.splice(this.files.indexOf(file), 1);
        this.directoryDirty = true;
      }
    }
  }

  /** Deletes the first file (retention); returns it, or undefined when only one is left. */
  deleteFirstFile(): MappedFile | undefined {
    if (this.files.length <= 1) return undefined;
    const first = this.files.shift();
    first?.destroy(this.fs);
    this.directoryDirty = true;
    return first;
  }

  /** Removes every file and the directory content (a consume queue being rebuilt or a topic deleted). */
  destroy(): void {
    for (const file of this.files) file.destroy(this.fs);
    this.files.length = 0;
    this.directoryDirty = true;
  }

  close(): void {
    for (const file of this.files) file.close();
  }

  private nextFileOffset(): number {
    const last = this.last();
    return last ? last.fileFromOffset + this.mappedFileSize : 0;
  }
}
