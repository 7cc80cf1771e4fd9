/**
 * The store directory lock: RocketMQ's `lock` content, refusal while another live process (or this
 * one) holds it, takeover of a dead owner's lock, and release.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '@rmq/testing';
import { StoreLock, StoreLockedError } from './store-lock';

describe('StoreLock', () => {
  let temp: { dir: string; remove(): void };
  let lockPath: string;
  beforeEach(() => {
    temp = makeTempDir('store-lock');
    lockPath = path.join(temp.dir, 'lock');
  });
  afterEach(() => temp.remove());

  it('writes "lock" like RocketMQ, names its owner, and releases', () => {
    const lock = new StoreLock(lockPath);
    lock.acquire();
    expect(readFileSync(lockPath, 'utf8')).toBe('lock');
    expect(lock.readOwner()).toBe(process.pid);
    expect(lock.isHeld).toBe(true);
    lock.release();
    expect(existsSync(lock.ownerFilePath)).toBe(false);
    expect(readFileSync(lockPath, 'utf8')).toBe('lock');
    lock.acquire();
    lock.release();
  });

  it('refuses a second holder in this process', () => {
    const first = new StoreLock(lockPath);
    first.acquire();
    expect(() => new StoreLock(lockPath).acquire()).toThrow(StoreLockedError);
    first.release();
  });

  it('refuses while another live process holds it', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const pid = child.pid!;
      writeFileSync(`${lockPath}.pid`, `${pid}\n`);
      const lock = new StoreLock(lockPath);
      expect(() => lock.acquire()).toThrow(new RegExp(`held by live process ${pid}`));
      expect(lock.isHeld).toBe(false);
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('takes over the lock of a dead owner, or an unreadable owner file', () => {
    writeFileSync(`${lockPath}.pid`, '4242\n');
    const lock = new StoreLock(lockPath, { pid: 1000, isProcessAlive: (pid) => pid === 1000 });
    lock.acquire();
    expect(lock.readOwner()).toBe(1000);
    lock.release();
    writeFileSync(`${lockPath}.pid`, 'garbage');
    const again = new StoreLock(lockPath, { pid: 1001, isProcessAlive: () => true });
    again.acquire();
    expect(again.readOwner()).toBe(1001);
    again.release();
  });

  it('takes over a lock naming its own pid left by an earlier run (a container restarting as pid 1)', () => {
    writeFileSync(`${lockPath}.pid`, '1\n');
    const lock = new StoreLock(lockPath, { pid: 1, isProcessAlive: () => true });
    lock.acquire();
    expect(lock.isHeld).toBe(true);
    lock.release();
  });
});
