/** DiskSpaceGuard transitions with a fake probe and a fake scheduler; ConsumeQueueCleaner's trigger. */
import { makeTempDir } from '@rmq/testing';
import { NodeFileSystem } from '../fs/node-file-system';
import { ConsumeQueueCleaner } from './consume-queue-cleaner';
import { DiskSpaceEvent, DiskSpaceGuard, IntervalScheduler } from './disk-space-guard';
import { RetentionLogger } from './retention-logger';
import { fileSystemDiskUsageProbe } from './retention-ports';

function recordingLogger(): RetentionLogger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (_obj: object, msg?: string) => lines.push(`${level} ${msg ?? ''}`);
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

class FakeScheduler implements IntervalScheduler {
  task: (() => void) | undefined;
  intervalMs = 0;
  setInterval(task: () => void, intervalMs: number): unknown {
    this.task = task;
    this.intervalMs = intervalMs;
    return 1;
  }
  clearInterval(): void {
    this.task = undefined;
  }
}

describe('DiskSpaceGuard', () => {
  let used: number;
  let logger: ReturnType<typeof recordingLogger>;
  let guard: DiskSpaceGuard;
  let events: DiskSpaceEvent[];
  beforeEach(() => {
    used = 50;
    logger = recordingLogger();
    guard = new DiskSpaceGuard({ usedPercent: () => used }, {}, logger);
    events = [];
    guard.onChange((e) => events.push(e));
  });

  it('is writable until the disk is used above 90 %, then refuses puts', () => {
    expect(guard.check()).toBe(true);
    expect(guard.refusal()).toBeUndefined();
    used = 90;
    expect(guard.check()).toBe(true);
    used = 91;
    expect(guard.check()).toBe(false);
    expect(guard.isWritable()).toBe(false);
    const refusal = guard.refusal()!;
    expect(refusal.status).toBe('SERVICE_NOT_AVAILABLE');
    expect(refusal.remark).toMatch(/disk is full: 91% used/);
    expect(events).toEqual([{ writable: false, usedPercent: 91, limitPercent: 90 }]);
    expect(logger.lines).toEqual(['error commit-log disk full; store refuses puts']);
  });

  it('becomes writable again once cleanup brings usage down, logging each transition once', () => {
    used = 95;
    guard.check();
    guard.check();
    used = 80;
    guard.check();
    guard.check();
    expect(guard.isWritable()).toBe(true);
    expect(events.map((e) => e.writable)).toEqual([false, true]);
    expect(logger.lines).toEqual([
      'error commit-log disk full; store refuses puts',
      'info commit-log disk has space again; store writable',
    ]);
  });

  it('keeps its state when the disk cannot be measured', () => {
    used = 95;
    guard.check();
    used = -1;
    expect(guard.check()).toBe(false);
    const throwing = new DiskSpaceGuard({
      usedPercent: () => {
        throw new Error('EIO');
      },
    });
    expect(throwing.check()).toBe(true);
    expect(events).toHaveLength(1);
  });

  it('honours another warning level and survives a throwing listener', () => {
    const g = new DiskSpaceGuard({ usedPercent: () => used }, { diskSpaceWarningLevelRatio: 70 }, logger);
    g.onChange(() => {
      throw new Error('listener bug');
    });
    used = 71;
    expect(g.check()).toBe(false);
    expect(logger.lines).toContain('warn disk space listener threw');
  });

  it('checks at start and on every tick until stopped', () => {
    const scheduler = new FakeScheduler();
    const g = new DiskSpaceGuard({ usedPercent: () => used }, {}, logger, scheduler);
    used = 92;
    g.start(10_000);
    expect(g.isWritable()).toBe(false);
    expect(scheduler.intervalMs).toBe(10_000);
    used = 10;
    scheduler.task!();
    expect(g.isWritable()).toBe(true);
    g.stop();
    expect(scheduler.task).toBeUndefined();
  });

  it('measures a real disk through the FileSystem port', () => {
    const tmp = makeTempDir('disk-probe');
    try {
      const percent = fileSystemDiskUsageProbe(new NodeFileSystem(), tmp.dir).usedPercent();
      expect(percent).toBeGreaterThanOrEqual(0);
      expect(percent).toBeLessThanOrEqual(100);
      expect(fileSystemDiskUsageProbe(new NodeFileSystem(), `${tmp.dir}/missing`).usedPercent()).toBe(-1);
    } finally {
      tmp.remove();
    }
  });
});

describe('ConsumeQueueCleaner', () => {
  it('trims queues only when the commit log min offset has risen', async () => {
    let minOffset = 0;
    const calls: number[] = [];
    const cleaner = new ConsumeQueueCleaner(
      { minOffset: () => minOffset },
      { deleteFilesBelow: (o) => (calls.push(o), 2) },
    );
    expect(await cleaner.run()).toBe(0);
    minOffset = 1024;
    expect(await cleaner.run()).toBe(2);
    expect(await cleaner.run()).toBe(0);
    minOffset = 4096;
    await cleaner.run();
    expect(calls).toEqual([1024, 4096]);
  });
});
