/**
 * RocketMQ's binary search of one consume-queue file by store time (ConsumeQueue
 * getOffsetInQueueByTime): the entry stored exactly at the timestamp if the search meets one, else
 * the nearer of the two neighbours it ended between (the earlier one on a tie); before every entry
 * → the first, after every entry → the last. Positions are byte positions inside the file.
 */
import { ConsumeQueueEntry, CQ_STORE_UNIT_BYTES } from './consume-queue-entry';

/** Store time (ms) of the record at a commit-log offset; negative when it cannot be read. */
export type StoreTimeOf = (commitLogOffset: number, size: number) => number;

export interface TimeSearch {
  readonly timestampMs: number;
  /** First and last entry positions to consider (both included). */
  readonly lowBytes: number;
  readonly highBytes: number;
  readEntry(position: number): ConsumeQueueEntry;
  readonly storeTimeOf: StoreTimeOf;
  /** Entries pointing below this commit-log offset are gone and count as "too early". */
  readonly minPhyOffset: number;
}

/** The chosen entry's position; -1 when a store time could not be read (RocketMQ then answers 0). */
export function searchOffsetByTime(s: TimeSearch): number {
  let low = s.lowBytes;
  let high = s.highBytes;
  let left = -1;
  let right = -1;
  let leftTimeMs = -1;
  let rightTimeMs = -1;
  while (high >= low) {
    const mid = Math.floor((low + high) / (2 * CQ_STORE_UNIT_BYTES)) * CQ_STORE_UNIT_BYTES;
    const entry = s.readEntry(mid);
    if (entry.commitLogOffset < s.minPhyOffset) {
      low = mid + CQ_STORE_UNIT_BYTES;
      left = mid;
      continue;
    }
    const storeTimeMs = s.storeTimeOf(entry.commitLogOffset, entry.size);
    if (storeTimeMs < 0) return -1;
    if (storeTimeMs === s.timestampMs) return mid;
    if (storeTimeMs > s.timestampMs) {
      high = mid - CQ_STORE_UNIT_BYTES;
      right = mid;
      rightTimeMs = storeTimeMs;
    } else {
      low = mid + CQ_STORE_UNIT_BYTES;
      left = mid;
      leftTimeMs = storeTimeMs;
    }
  }
  if (leftTimeMs === -1) {
    // Nothing readable before the target: the first later entry, or (all gone) the position after them.
    return right >= 0 ? right : low;
  }
  if (rightTimeMs === -1) return left;
  return Math.abs(s.timestampMs - leftTimeMs) > Math.abs(s.timestampMs - rightTimeMs) ? right : left;
}
