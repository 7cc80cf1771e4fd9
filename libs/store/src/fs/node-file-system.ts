/** FileSystem on node:fs: synchronous positioned reads/writes, fdatasync on the libuv thread pool. */
import fs from 'node:fs';
import { FileHandle, FileSystem } from './file-system';

class NodeFileHandle implements FileHandle {
  private fd: number;

  constructor(readonly path: string) {
    this.fd = fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
  }

  write(data: Uint8Array, position: number): void {
    let done = 0;
    while (done < data.length) {
      done += fs.writeSync(this.fd, data, done, data.length - done, position + done);
    }
  }

  read(target: Uint8Array, targetOffset: number, length: number, position: number): number {
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.fd, target, targetOffset + done, length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  sync(): Promise<void> {
    return new Promise((resolve, reject) => fs.fdatasync(this.fd, (err) => (err ? reject(err) : resolve())));
  }

  truncate(size: number): void {
    fs.ftruncateSync(this.fd, size);
  }

  size(): number {
    return fs.fstatSync(this.fd).size;
  }

  close(): void {
    if (this.fd < 0) return;
    fs.closeSync(this.fd);
    this.fd = -1;
  }
}

export class NodeFileSystem implements FileSystem {
  open(path: string): FileHandle {
    return new NodeFileHandle(path);
  }

  exists(path: string): boolean {
    return fs.existsSync(path);
  }

  mkdirs(path: string): void {
    fs.mkdirSync(path, { recursive: true });
  }

  list(path: string): string[] {
    return fs.existsSync(path) ? fs.readdirSync(path).sort() : [];
  }

  isDirectory(path: string): boolean {
    return fs.existsSync(path) && fs.statSync(path).isDirectory();
  }

  remove(path: string): void {
    fs.rmSync(path, { force: true });
  }

  removeTree(path: string): void {
    fs.rmSync(path, { recursive: true, force: true });
  }

  rename(from: string, to: string): void {
    fs.renameSync(from, to);
  }

  syncDirectory(path: string): Promise<void> {
    return new Promise((resolve, reject) => {
      fs.open(path, 'r', (openErr, fd) => {
        if (openErr) return reject(openErr);
        fs.fsync(fd, (syncErr) => fs.close(fd, () => (syncErr ? reject(syncErr) : resolve())));
      });
    });
  }

  readFile(path: string): Buffer {
    return fs.readFileSync(path);
  }

  lastModifiedMs(path: string): number {
    return fs.statSync(path).mtimeMs;
  }

  diskUsage(path: string): { totalBytes: number; freeBytes: number } {
    const stats = fs.statfsSync(path);
    return { totalBytes: stats.blocks * stats.bsize, freeBytes: stats.bavail * stats.bsize };
  }
}
