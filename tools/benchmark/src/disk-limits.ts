/**
 * The machine's own limits, measured in the same run as the store benchmark so that the store's
 * figures can be read as ratios: sequential write throughput (1 MiB writes, then one fdatasync)
 * and fdatasync rate (4 KiB write + fdatasync, repeated).
 */
import fs from 'node:fs';
import path from 'node:path';

const MIB = 1024 * 1024;

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

/** Appends 4 KiB and fdatasyncs, for `durationMs`; syncs per second. */
export function measureFsyncRate(dir: string, durationMs: number): number {
  const file = path.join(dir, 'disk-limit-fsync.bin');
  const page = Buffer.alloc(4096, 0xa5);
  const fd = fs.openSync(file, 'w');
  const deadline = Date.now() + durationMs;
  const started = process.hrtime.bigint();
  let syncs = 0;
  try {
    while (Date.now() < deadline) {
      fs.writeSync(fd, page, 0, page.length, syncs * page.length);
      fs.fdatasyncSync(fd);
      syncs++;
    }
  } finally {
    fs.closeSync(fd);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.rmSync(file, { force: true });
  return syncs / seconds;
}

export function measureDiskLimits(dir: string, sequentialMiB = 512, fsyncMs = 3000): DiskLimits {
  return {
    sequentialWriteMiBps: measureSequentialWrite(dir, sequentialMiB),
    fsyncsPerSecond: measureFsyncRate(dir, fsyncMs),
  };
}
