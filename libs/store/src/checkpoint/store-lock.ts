/**
 * Keeps two processes on this machine from opening one store directory. RocketMQ holds a FileLock on
 * `lock` (content "lock"); Node has no flock, so the owner is named in a sibling `lock.pid` file that
 * appears atomically (written to a temp name, then hard-linked: link fails with EEXIST if it exists).
 * An owner file naming a dead pid is stale and taken over. The `lock` file keeps RocketMQ's content.
 *
 * This is process state, not store data, so it uses node:fs directly rather than the FileSystem port.
 * Limits: it excludes only processes of this machine that use this lock (not a Java broker); two
 * processes that take over the same stale owner in the same instant can both succeed; a reused pid
 * of a live unrelated process keeps the store locked until `lock.pid` is removed by hand.
 */
import fs from 'node:fs';
import { RmqError } from '@rmq/protocol';

const LOCK_CONTENT = 'lock';
const TAKEOVER_ATTEMPTS_MAX = 3;
/** Lock files held by this process, so a second open in the same process is refused too. */
const heldInThisProcess = new Set<string>();

/** SYSTEM_ERROR (1); not retriable: another live process owns the store directory. */
export class StoreLockedError extends RmqError {
  constructor(message: string, context: Record<string, unknown>) {
    super('STORE_LOCKED', 1, message, { retriable: false, context });
  }
}

export interface StoreLockOptions {
  /** This process's id; default process.pid. */
  pid?: number;
  /** Whether a process with this id runs on this machine; default signal 0. */
  isProcessAlive?: (pid: number) => boolean;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class StoreLock {
  readonly ownerFilePath: string;
  private readonly pid: number;
  private readonly alive: (pid: number) => boolean;
  private held = false;

  constructor(
    readonly lockFilePath: string,
    options: StoreLockOptions = {},
  ) {
    this.ownerFilePath = `${lockFilePath}.pid`;
    this.pid = options.pid ?? process.pid;
    this.alive = options.isProcessAlive ?? isProcessAlive;
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Takes the lock or throws StoreLockedError naming the owner. */
  acquire(): void {
    if (this.held) return;
    if (heldInThisProcess.has(this.ownerFilePath)) {
      throw new StoreLockedError(`${this.lockFilePath} is already held by this process`, { pid: this.pid });
    }
    if (!fs.existsSync(this.lockFilePath) || fs.readFileSync(this.lockFilePath, 'utf8') !== LOCK_CONTENT) {
      fs.writeFileSync(this.lockFilePath, LOCK_CONTENT);
    }
    for (let attempt = 0; attempt < TAKEOVER_ATTEMPTS_MAX; attempt += 1) {
      if (this.tryCreateOwnerFile()) {
        this.held = true;
        heldInThisProcess.add(this.ownerFilePath);
        return;
      }
      const owner = this.readOwner();
      if (owner !== undefined && owner !== this.pid && this.alive(owner)) {
        throw new StoreLockedError(`${this.lockFilePath} is held by live process ${owner}`, {
          owner,
          pid: this.pid,
        });
      }
      fs.rmSync(this.ownerFilePath, { force: true });
    }
    throw new StoreLockedError(`could not take ${this.lockFilePath} in ${TAKEOVER_ATTEMPTS_MAX} attempts`, {
      pid: this.pid,
    });
  }

  /** Gives the lock up (removes `lock.pid` if it still names this process). */
  release(): void {
    if (!this.held) return;
    this.held = false;
    heldInThisProcess.delete(this.ownerFilePath);
    if (this.readOwner() === this.pid) fs.rmSync(this.ownerFilePath, { force: true });
  }

  /** The pid named in `lock.pid`, or undefined when absent or unreadable. */
  readOwner(): number | undefined {
    try {
      const text = fs.readFileSync(this.ownerFilePath, 'utf8').trim();
      return /^\d+$/.test(text) ? Number(text) : undefined;
    } catch {
      return undefined;
    }
  }

  private tryCreateOwnerFile(): boolean {
    const temp = `${this.ownerFilePath}.${this.pid}.tmp`;
    fs.writeFileSync(temp, `${this.pid}\n`);
    try {
      fs.linkSync(temp, this.ownerFilePath);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }
}
