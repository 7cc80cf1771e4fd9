/**
 * The small interfaces retention works over, implemented by the host store: the commit log seen as
 * a list of files, and a probe of how full a disk is. Percentages are whole percents (0..100),
 * rounded up as RocketMQ's UtilAll.getDiskPartitionSpaceUsedPercent rounds them; a negative value
 * means "could not measure".
 */
import type { FileSystem } from '../fs/file-system';

export interface RetainedLogFile {
  /** Global offset of the file's first byte (its name). */
  readonly fromOffset: number;
  readonly lastModifiedMs: number;
}

export interface RetainedLog {
  /** The files, oldest first; the last one is the file being written. */
  files(): readonly RetainedLogFile[];
  /** Deletes the oldest file; false when it cannot go now (still in use): the run then stops. */
  deleteFirstFile(): boolean | Promise<boolean>;
  /** The log's first readable offset (rises as files go). */
  minOffset(): number;
}

export interface DiskUsageProbe {
  /** Used space of the disk holding the store path, whole percent rounded up; negative if unknown. */
  usedPercent(): number;
}

/** Used percent of a disk, rounded up; -1 for a disk that reports no size. */
export function usedPercentOf(usage: { totalBytes: number; freeBytes: number }): number {
  if (!(usage.totalBytes > 0)) return -1;
  const used = Math.max(0, usage.totalBytes - usage.freeBytes);
  return Math.ceil((used * 100) / usage.totalBytes);
}

/**
 * A probe on the FileSystem port. RocketMQ divides used (total − free) by used + usable; the port
 * reports only total and usable (free to this user) bytes, so blocks reserved for root count as
 * used here: the percentage reads a little higher than RocketMQ's on the same disk.
 */
export function fileSystemDiskUsageProbe(fs: FileSystem, path: string): DiskUsageProbe {
  return {
    usedPercent(): number {
      try {
        return usedPercentOf(fs.diskUsage(path));
      } catch {
        return -1;
      }
    },
  };
}
