/**
 * The FileSystem port: every byte the store reads or writes goes through it. Two implementations
 * share one contract: node-file-system.ts (real files, fsync) and fault-injecting-file-system.ts
 * (in memory, tears writes, fails fsyncs, loses unsynced data on a simulated crash).
 *
 * Reads and writes are synchronous: they hit the OS page cache and are cheaper than a thread-pool
 * round trip at message rates. Only `sync()` (fdatasync) is asynchronous, so a flush never blocks
 * appends. A write is durable only once a `sync()` that started after it has resolved.
 */

export interface FileHandle {
  readonly path: string;
  /** Writes all of `data` at `position`; throws on any failure (a short write is a failure). */
  write(data: Uint8Array, position: number): void;
  /** Reads up to `length` bytes at `position` into `target` at `targetOffset`; returns bytes read (0 at EOF). */
  read(target: Uint8Array, targetOffset: number, length: number, position: number): number;
  /** Makes every completed write durable (fdatasync). */
  sync(): Promise<void>;
  /** Sets the file's size, zero-filling when it grows. */
  truncate(size: number): void;
  size(): number;
  close(): void;
}

export interface FileSystem {
  /** Opens for reading and writing, creating the file (and not its directory) if missing. */
  open(path: string): FileHandle;
  exists(path: string): boolean;
  /** Creates the directory and its parents; no error if it exists. */
  mkdirs(path: string): void;
  /** Names (not paths) in a directory, sorted; [] if it does not exist. */
  list(path: string): string[];
  isDirectory(path: string): boolean;
  remove(path: string): void;
  /** Removes a directory and everything under it; no error if missing. */
  removeTree(path: string): void;
  /** Atomic within one directory. */
  rename(from: string, to: string): void;
  /** Makes a directory's entries (creates, renames, removes) durable. */
  syncDirectory(path: string): Promise<void>;
  readFile(path: string): Buffer;
  /** Last modification time in ms (retention deletes commit-log files by age). */
  lastModifiedMs(path: string): number;
  /** Total and free bytes of the file system holding `path`. */
  diskUsage(path: string): { totalBytes: number; freeBytes: number };
}

/** Writes a whole small file atomically: temp file, fsync, rename, directory fsync. */
export async function writeFileAtomically(fs: FileSystem, path: string, data: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp`;
  const handle = fs.open(tmp);
  try {
    handle.truncate(0);
    handle.write(data, 0);
    await handle.sync();
  } finally {
    handle.close();
  }
  fs.rename(tmp, path);
  await fs.syncDirectory(parentOf(path));
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}
