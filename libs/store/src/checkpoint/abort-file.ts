/**
 * The `abort` marker (protocol.md §4.5): an empty file created when the store starts and removed on a
 * clean shutdown. Found at start-up, it means the last run crashed and recovery must be abnormal.
 * Both changes are made durable (directory fsync) before they count: a crash right after create()
 * must still find the marker, and one right after remove() must not.
 */
import { StoreIoError } from '../errors/store-io.error';
import { FileSystem, parentOf } from '../fs/file-system';

export class AbortFile {
  constructor(
    private readonly fs: FileSystem,
    readonly filePath: string,
  ) {}

  exists(): boolean {
    return this.fs.exists(this.filePath);
  }

  async create(): Promise<void> {
    try {
      this.fs.mkdirs(parentOf(this.filePath));
      this.fs.open(this.filePath).close();
      await this.fs.syncDirectory(parentOf(this.filePath));
    } catch (err) {
      throw new StoreIoError(`cannot create ${this.filePath}`, {
        cause: err,
        context: { file: this.filePath },
      });
    }
  }

  async remove(): Promise<void> {
    try {
      this.fs.remove(this.filePath);
      await this.fs.syncDirectory(parentOf(this.filePath));
    } catch (err) {
      throw new StoreIoError(`cannot remove ${this.filePath}`, {
        cause: err,
        context: { file: this.filePath },
      });
    }
  }
}
