/**
 * Test-only helpers for the commit-log specs: a config with small files, message factories, a clock,
 * and opening a CommitLog through load → recovery → start as the composer will.
 */
import { FileHandle, FileSystem } from '../../fs/file-system';
import { FaultInjectingFileSystem } from '../../fs/fault-injecting-file-system';
import type { MessageToStore } from '../../message-store';
import { CommitLog } from '../commit-log';
import { CommitLogConfig, CommitLogLogger, CommitLogOptions } from '../commit-log-options';
import {
  CommitLogRecoveryResult,
  recoverCommitLogAbnormally,
  recoverCommitLogNormally,
} from '../commit-log-recovery';
import type { CheckpointTimestamps } from '../../checkpoint/store-checkpoint';

export const STORE_DIR = '/store';
export const COMMIT_LOG_DIR = '/store/commitlog';

export function testConfig(overrides: Partial<CommitLogConfig> = {}): CommitLogConfig {
  return {
    storePathCommitLog: COMMIT_LOG_DIR,
    mappedFileSizeCommitLog: 4096,
    maxMessageSize: 2048,
    flushDiskType: 'SYNC_FLUSH',
    syncFlushTimeout: 5000,
    flushIntervalCommitLog: 500,
    flushCommitLogLeastPages: 4,
    flushCommitLogThoroughInterval: 10_000,
    ...overrides,
  };
}

export function message(overrides: Partial<MessageToStore> = {}): MessageToStore {
  return {
    topic: 'TopicA',
    queueId: 0,
    flag: 0,
    body: Buffer.from('body'),
    propertiesString: 'TAGS\u0001TagA',
    tagsCode: 0,
    sysFlag: 0,
    bornTimestamp: 1_700_000_000_000,
    bornHost: { host: '10.0.0.2', port: 50000 },
    storeHost: { host: '10.0.0.1', port: 10911 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
    ...overrides,
  };
}

/** A message whose record is exactly `recordBytes` long (≥ 91 + topic + properties). */
export function messageOfSize(recordBytes: number, overrides: Partial<MessageToStore> = {}): MessageToStore {
  const base = message({ body: Buffer.alloc(0), ...overrides });
  const fixed = 91 + Buffer.byteLength(base.topic) + Buffer.byteLength(base.propertiesString);
  return { ...base, body: Buffer.alloc(recordBytes - fixed, 0x61) };
}

/** A clock that starts at `startMs` and advances 1 ms per read. */
export function steppingClock(startMs = 1_700_000_000_000): () => number {
  let now = startMs;
  return () => now++;
}

export async function freshFaultFs(): Promise<FaultInjectingFileSystem> {
  const fs = new FaultInjectingFileSystem();
  fs.mkdirs(STORE_DIR);
  await fs.syncDirectory('/');
  return fs;
}

export type RecoveryChoice = { normal: number } | { abnormal: CheckpointTimestamps };

export interface Opened {
  commitLog: CommitLog;
  recovery: CommitLogRecoveryResult;
}

/** load → recovery (normal from `dispatchedPhyOffset` 0 unless told) → start. */
export async function openCommitLog(
  options: Partial<CommitLogOptions> & { fs: FileSystem },
  recovery: RecoveryChoice = { normal: 0 },
): Promise<Opened> {
  const commitLog = new CommitLog({ config: testConfig(), ...options });
  await commitLog.load();
  const result =
    'normal' in recovery
      ? await recoverCommitLogNormally(commitLog, {
          checkCRCOnRecover: true,
          dispatchedPhyOffset: recovery.normal,
        })
      : await recoverCommitLogAbnormally(commitLog, {
          checkCRCOnRecover: true,
          checkpoint: recovery.abnormal,
        });
  commitLog.start();
  return { commitLog, recovery: result };
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string | undefined;
}

export function recordingLogger(): CommitLogLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj, msg });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A FileSystem wrapper that counts write syscalls and can refuse to open matching paths. */
export class CountingFileSystem implements FileSystem {
  writes = 0;
  refuseOpen: RegExp | undefined;

  constructor(readonly inner: FileSystem) {}

  open(path: string): FileHandle {
    if (this.refuseOpen?.test(path))
      throw Object.assign(new Error(`ENOSPC: open ${path}`), { code: 'ENOSPC' });
    const handle = this.inner.open(path);
    return {
      path: handle.path,
      write: (data, position) => {
        this.writes += 1;
        handle.write(data, position);
      },
      read: (target, targetOffset, length, position) => handle.read(target, targetOffset, length, position),
      sync: () => handle.sync(),
      truncate: (size) => handle.truncate(size),
      size: () => handle.size(),
      close: () => handle.close(),
    };
  }
  exists(path: string): boolean {
    return this.inner.exists(path);
  }
  mkdirs(path: string): void {
    this.inner.mkdirs(path);
  }
  list(path: string): string[] {
    return this.inner.list(path);
  }
  isDirectory(path: string): boolean {
    return this.inner.isDirectory(path);
  }
  remove(path: string): void {
    this.inner.remove(path);
  }
  removeTree(path: string): void {
    this.inner.removeTree(path);
  }
  rename(from: string, to: string): void {
    this.inner.rename(from, to);
  }
  syncDirectory(path: string): Promise<void> {
    return this.inner.syncDirectory(path);
  }
  readFile(path: string): Buffer {
    return this.inner.readFile(path);
  }
  lastModifiedMs(path: string): number {
    return this.inner.lastModifiedMs(path);
  }
  diskUsage(path: string): { totalBytes: number; freeBytes: number } {
    return this.inner.diskUsage(path);
  }
}
