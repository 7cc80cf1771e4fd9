/** CleanCommitLogPolicy with a fake clock, fake disk usage and a fake log of files. */
import { CleanCommitLogConfig, CleanCommitLogPolicy, MANUAL_DELETE_RUNS } from './clean-commit-log-policy';
import { parseDeleteWhen } from './delete-when';
import { RetentionConfigError } from './retention-config.error';
import { DiskUsageProbe, RetainedLog, RetainedLogFile, usedPercentOf } from './retention-ports';

const HOUR_MS = 3_600_000;
const DAY0_MS = Date.UTC(2027, 0, 15);
const FILE_BYTES = 1024;

class FakeLog implements RetainedLog {
  files_: RetainedLogFile[] = [];
  refuseDeletes = false;
  deleted: number[] = [];

  constructor(ages: readonly number[], now: number) {
    this.files_ = ages.map((ageMs, i) => ({ fromOffset: i * FILE_BYTES, lastModifiedMs: now - ageMs }));
  }
  files(): readonly RetainedLogFile[] {
    return this.files_;
  }
  deleteFirstFile(): boolean {
    if (this.refuseDeletes) return false;
    const first = this.files_.shift();
    if (first !== undefined) this.deleted.push(first.fromOffset);
    return first !== undefined;
  }
  minOffset(): number {
    return this.files_[0]?.fromOffset ?? 0;
  }
}

const disk = (percent: () => number): DiskUsageProbe => ({ usedPercent: percent });

describe('CleanCommitLogPolicy', () => {
  let now: number;
  let used: number;
  let sleeps: number[];
  const config: CleanCommitLogConfig = {
    deleteWhen: '04',
    fileReservedTime: 72,
    diskMaxUsedSpaceRatio: 75,
    deleteCommitLogFilesInterval: 100,
  };
  const policy = (log: RetainedLog, overrides: Partial<CleanCommitLogConfig> = {}) =>
    new CleanCommitLogPolicy(
      log,
      [disk(() => used)],
      { ...config, ...overrides },
      {
        nowMs: () => now,
        hourOfDay: (ms) => new Date(ms).getUTCHours(),
        sleepMs: async (ms) => {
          sleeps.push(ms);
        },
      },
    );
  beforeEach(() => {
    now = DAY0_MS + 3 * HOUR_MS;
    used = 40;
    sleeps = [];
  });
  const old = 100 * HOUR_MS;
  const young = 1 * HOUR_MS;

  it('deletes nothing outside the configured hour while the disk has room', async () => {
    const log = new FakeLog([old, old, old], now);
    const result = await policy(log).run();
    expect(result).toMatchObject({ due: false, deletedFiles: 0 });
    expect(log.files()).toHaveLength(3);
  });

  it('at the configured hour deletes files older than fileReservedTime, oldest first, pausing between', async () => {
    now = DAY0_MS + 4 * HOUR_MS + 59 * 60_000;
    const log = new FakeLog([old, old, young, old], now);
    const result = await policy(log).run();
    expect(result).toMatchObject({
      due: true,
      deletedFiles: 2,
      decision: { timeUp: true, spaceFull: false },
    });
    // Stops at the young file: never a hole in the middle.
    expect(log.deleted).toEqual([0, FILE_BYTES]);
    expect(sleeps).toEqual([100, 100]);
  });

  it('accepts several hours ("01;04")', async () => {
    now = DAY0_MS + 1 * HOUR_MS;
    const log = new FakeLog([old, young], now);
    expect((await policy(log, { deleteWhen: '01;04' }).run()).deletedFiles).toBe(1);
    expect([...parseDeleteWhen(' 01 ;04')]).toEqual([1, 4]);
  });

  it('age is measured to the millisecond: exactly fileReservedTime old counts as expired', async () => {
    now = DAY0_MS + 4 * HOUR_MS;
    const log = new FakeLog([72 * HOUR_MS, 72 * HOUR_MS - 1, 0], now);
    expect((await policy(log).run()).deletedFiles).toBe(1);
  });

  it('never deletes the last file, however old', async () => {
    now = DAY0_MS + 4 * HOUR_MS;
    const log = new FakeLog([old], now);
    expect((await policy(log).run()).deletedFiles).toBe(0);
    used = 99;
    expect((await policy(log).run()).deletedFiles).toBe(0);
    expect(log.files()).toHaveLength(1);
  });

  it('deletes at most 10 files per run', async () => {
    now = DAY0_MS + 4 * HOUR_MS;
    const log = new FakeLog(new Array<number>(15).fill(old), now);
    const p = policy(log);
    expect((await p.run()).deletedFiles).toBe(10);
    expect((await p.run()).deletedFiles).toBe(4);
    expect(sleeps).toHaveLength(9 + 3);
  });

  it('is due at any hour when the disk is used above diskMaxUsedSpaceRatio, but keeps young files', async () => {
    used = 76;
    const log = new FakeLog([old, young, young], now);
    const result = await policy(log).run();
    expect(result).toMatchObject({
      due: true,
      deletedFiles: 1,
      decision: { spaceFull: true, cleanAtOnce: false },
    });
    used = 75;
    expect(policy(log).decide().spaceFull).toBe(false);
  });

  it('counts an unmeasurable disk as full (a run is due), as RocketMQ', () => {
    used = -1;
    expect(policy(new FakeLog([old], now)).decide()).toMatchObject({ spaceFull: true, cleanAtOnce: false });
  });

  it('above 85 % deletes young files too, unless cleanFileForciblyEnable is off', async () => {
    used = 86;
    const log = new FakeLog([young, young, young], now);
    const result = await policy(log).run();
    expect(result).toMatchObject({ deletedFiles: 2, decision: { cleanAtOnce: true } });
    const kept = new FakeLog([young, young, young], now);
    expect((await policy(kept, { cleanFileForciblyEnable: false }).run()).deletedFiles).toBe(0);
    used = 85;
    expect(policy(log).decide().cleanAtOnce).toBe(false);
  });

  it('clamps diskMaxUsedSpaceRatio to 10..95', () => {
    used = 96;
    expect(policy(new FakeLog([], now), { diskMaxUsedSpaceRatio: 99 }).decide().spaceFull).toBe(true);
    used = 9;
    expect(policy(new FakeLog([], now), { diskMaxUsedSpaceRatio: 1 }).decide().spaceFull).toBe(false);
  });

  it('a manual trigger makes the next 20 runs due; files still have to be old', async () => {
    const log = new FakeLog([old, young, young], now);
    const p = policy(log);
    p.executeDeleteFilesManually();
    const first = await p.run();
    expect(first).toMatchObject({ due: true, deletedFiles: 1, decision: { manual: true } });
    for (let i = 1; i < MANUAL_DELETE_RUNS; i += 1) expect((await p.run()).due).toBe(true);
    expect((await p.run()).due).toBe(false);
    expect(log.files()).toHaveLength(2);
  });

  it('stops when the log cannot delete a file now', async () => {
    now = DAY0_MS + 4 * HOUR_MS;
    const log = new FakeLog([old, old, old], now);
    log.refuseDeletes = true;
    expect((await policy(log).run()).deletedFiles).toBe(0);
  });

  it('checks every probed disk (commit log and consume queues)', () => {
    const p = new CleanCommitLogPolicy(new FakeLog([], now), [disk(() => 10), disk(() => 91)], config, {
      nowMs: () => now,
    });
    expect(p.decide()).toMatchObject({ spaceFull: true, cleanAtOnce: true, usedPercent: 91 });
  });

  it('rejects settings that cannot mean anything at construction', () => {
    for (const deleteWhen of ['', '24', '4am', '01;;04']) {
      expect(() => policy(new FakeLog([], now), { deleteWhen })).toThrow(RetentionConfigError);
    }
    expect(() => policy(new FakeLog([], now), { fileReservedTime: -1 })).toThrow(RetentionConfigError);
  });

  it('rounds disk usage up to a whole percent, like RocketMQ', () => {
    expect(usedPercentOf({ totalBytes: 1000, freeBytes: 101 })).toBe(90);
    expect(usedPercentOf({ totalBytes: 1000, freeBytes: 99 })).toBe(91);
    expect(usedPercentOf({ totalBytes: 1000, freeBytes: 100 })).toBe(90);
    expect(usedPercentOf({ totalBytes: 0, freeBytes: 0 })).toBe(-1);
  });
});
