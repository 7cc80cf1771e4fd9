/**
 * The machine's own limits, measured in the same run as the store benchmark so that the store's
 * figures can be read as ratios: sequential write throughput (1 MiB writes, then one fdatasync),
 * the same past the page cache (O_DIRECT), fdatasync rate (4 KiB write + fdatasync, repeated) and the same for a group commit's bytes.
 */
import fs from 'node:fs';
import path from 'node:path';

const MIB = 1024 * 1024;
/** Linux wants O_DIRECT buffers aligned to the logical block size (512 B or 4 KiB). */
const DIRECT_ALIGNMENT_MAX = 4096;
const DIRECT_PROBE_STEP = 16;
/** The write+fdatasync loops write into a sparse file as big as a default commit-log segment. */
const GROUP_COMMIT_FILE_BYTES = 1024 * MIB;

export interface DiskLimits {
  sequentialWriteMiBps: number;
  /** Undefined where O_DIRECT is refused. */
  deviceWriteMiBps: number | undefined;
  fsyncsPerSecond: number;
}

/**
 * Writes 1 MiB blocks for `durationMs` (at most `maxMiB`), then fdatasyncs once; MiB/s over the whole,
 * fsync included. Run for as long as the store runs, so both meet the same caches and writeback.
 */
export function measureSequentialWrite(dir: string, durationMs: number, maxMiB = 4096): number {
  const file = path.join(dir, 'disk-limit-sequential.bin');
  const fd = fs.openSync(file, 'w');
  try {
    return timeSequentialWrites(fd, Buffer.alloc(MIB, 0x5a), durationMs, maxMiB);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
}

/**
 * The same with O_DIRECT, past the page cache: the device's own sequential write speed. Undefined
 * where the platform or file system refuses O_DIRECT.
 */
export function measureDeviceWrite(dir: string, durationMs: number, maxMiB = 4096): number | undefined {
  const direct = fs.constants.O_DIRECT;
  if (direct === undefined) return undefined;
  const file = path.join(dir, 'disk-limit-device.bin');
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | direct);
  } catch {
    return undefined;
  }
  try {
    const block = alignedBlock(fd, MIB);
    return block ? timeSequentialWrites(fd, block, durationMs, maxMiB) : undefined;
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
}

/** O_DIRECT needs a buffer aligned to the device's logical block; Node gives no address, so try. */
function alignedBlock(fd: number, bytes: number): Buffer | undefined {
  const backing = Buffer.alloc(bytes + DIRECT_ALIGNMENT_MAX, 0x5a);
  for (let shift = 0; shift < DIRECT_ALIGNMENT_MAX; shift += DIRECT_PROBE_STEP) {
    const view = backing.subarray(shift, shift + bytes);
    try {
      fs.writeSync(fd, view, 0, bytes, 0);
      return view;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EINVAL') return undefined;
    }
  }
  return undefined;
}

function timeSequentialWrites(fd: number, block: Buffer, durationMs: number, maxMiB: number): number {
  const started = process.hrtime.bigint();
  const deadline = Date.now() + durationMs;
  let written = 0;
  while (written < maxMiB && Date.now() < deadline) fs.writeSync(fd, block, 0, MIB, written++ * MIB);
  fs.fdatasyncSync(fd);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
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

export function measureDiskLimits(dir: string, sequentialMs = 10_000, fsyncMs = 3000): DiskLimits {
  return {
    sequentialWriteMiBps: measureSequentialWrite(dir, sequentialMs),
    deviceWriteMiBps: measureDeviceWrite(dir, sequentialMs),
    fsyncsPerSecond: measureFsyncRate(dir, fsyncMs),
  };
}
