/**
 * The machine's own limits, measured in the same run as the store benchmark so that the store's
 * figures can be read as ratios: sequential write throughput (1 MiB writes, then one fdatasync),
 * fdatasync rate (4 KiB write + fdatasync, repeated) and the same for a group commit's bytes.
 */
import fs from 'node:fs';
import path from 'node:path';

const MIB = 1024 * 1024;
/** The write+fdatasync loops write into a sparse file as big as a default commit-log segment. */
const GROUP_COMMIT_FILE_BYTES = 1024 * MIB;

export interface DiskLimits {
  sequentialWriteMiBps: number;
  fsyncsPerSecond: number;
}

/**
 * Writes 1 MiB blocks for `durationMs` (at most `maxMiB`), then fdatasyncs once; MiB/s over the whole,
 * fsync included. Run for as long as the store runs, so both meet the same caches and writeback.
 */
export function measureSequentialWrite(dir: string, durationMs: number, maxMiB = 4096): number {
  const file = path.join(dir, 'disk-limit-sequential.bin');
  const block = Buffer.alloc(MIB, 0x5a);
  const fd = fs.openSync(file, 'w');
  const started = process.hrtime.bigint();
  const deadline = Date.now() + durationMs;
  let written = 0;
  try {
    while (written < maxMiB && Date.now() < deadline) fs.writeSync(fd, block, 0, MIB, written++ * MIB);
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.rmSync(file, { force: true });
  return written / seconds;
}

/** 4 KiB written and fdatasynced, repeated for `durationMs` (as measureGroupCommitCycles); syncs per second. */
export function measureFsyncRate(dir: string, durationMs: number): number {
  return measureGroupCommitCycles(dir, 4096, durationMs);
}

/**
 * What one SYNC_FLUSH group commit costs the disk alone: `bytesPerCycle` written at the end of a
 * sparse file (as the commit log's segments are) and fdatasynced, repeated for `durationMs`.
 * Cycles per second; times the writers in one group it is the most SYNC_FLUSH can do with no CPU
 * cost at all, since closed-loop writers wait for their fsync before they put again.
 */
export function measureGroupCommitCycles(dir: string, bytesPerCycle: number, durationMs: number): number {
  const file = path.join(dir, 'disk-limit-write-fdatasync.bin');
  const block = Buffer.alloc(bytesPerCycle, 0x3c);
  const fd = fs.openSync(file, 'w');
  const deadline = Date.now() + durationMs;
  const started = process.hrtime.bigint();
  let cycles = 0;
  try {
    fs.ftruncateSync(fd, GROUP_COMMIT_FILE_BYTES);
    while (Date.now() < deadline && (cycles + 1) * bytesPerCycle <= GROUP_COMMIT_FILE_BYTES) {
      fs.writeSync(fd, block, 0, bytesPerCycle, cycles * bytesPerCycle);
      fs.fdatasyncSync(fd);
      cycles++;
    }
  } finally {
    fs.closeSync(fd);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.rmSync(file, { force: true });
  return cycles / seconds;
}

export function measureDiskLimits(dir: string, sequentialMiB = 512, fsyncMs = 3000): DiskLimits {
  return {
    sequentialWriteMiBps: measureSequentialWrite(dir, sequentialMiB),
    fsyncsPerSecond: measureFsyncRate(dir, fsyncMs),
  };
}
