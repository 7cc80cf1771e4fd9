/**
 * One consume queue held in memory: the entries of a topic/queue in logical-offset order. Invariants:
 * logical offsets are consecutive from minOffset() to maxOffset() - 1; maxOffset() only grows; the
 * head only moves forward (when the commit-log data it points to is dropped).
 */

/** What a consume-queue entry says (20 bytes on disk), plus the store time a time search needs. */
export interface ConsumeQueueEntry {
  readonly commitLogOffset: number;
  readonly size: number;
  readonly tagsCode: number;
  readonly storeTimestamp: number;
}

/** Bytes one entry stands for in the store's memory bound (the on-disk entry size). */
export const CONSUME_QUEUE_ENTRY_BYTES = 20;
/** Dropped head entries are compacted away once there are this many and they are half the array. */
const COMPACT_HEAD_ENTRIES = 1024;

export class MemoryConsumeQueue {
  private entries: ConsumeQueueEntry[] = [];
  /** Index in `entries` of the entry at minOffset(). */
  private head = 0;
  /** Logical offset of entries[0]. */
  private base = 0;

  minOffset(): number {
    return this.base + this.head;
  }

  maxOffset(): number {
    return this.base + this.entries.length;
  }

  size(): number {
    return this.entries.length - this.head;
  }

  /** Appends an entry; returns its logical offset. */
  append(entry: ConsumeQueueEntry): number {
    this.entries.push(entry);
    return this.maxOffset() - 1;
  }

  entryAt(logicalOffset: number): ConsumeQueueEntry | undefined {
    if (logicalOffset < this.minOffset() || logicalOffset >= this.maxOffset()) return undefined;
    return this.entries[logicalOffset - this.base];
  }

  /**
   * The first logical offset whose message was stored at or after `timestampMs`; maxOffset() when
   * none was. Binary search: store times grow along the queue (one clock, appends in order).
   */
  /**
   * RocketMQ's answer (as the file store's consume-queue-time-search.ts): the first entry stored at
   * exactly `timestampMs`; between two entries the nearer one (the earlier on a tie); before every
   * entry the first, after every entry the last.
   */
  offsetByTime(timestampMs: number): number {
    if (this.head >= this.entries.length) return this.base + this.head;
    let low = this.head;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.entries[mid] as ConsumeQueueEntry).storeTimestamp < timestampMs) low = mid + 1;
      else high = mid;
    }
    const after = this.entries[low];
    if (after?.storeTimestamp === timestampMs || low === this.head) return this.base + low;
    const before = this.entries[low - 1] as ConsumeQueueEntry;
    if (after === undefined) return this.base + low - 1;
    return timestampMs - before.storeTimestamp <= after.storeTimestamp - timestampMs
      ? this.base + low - 1
      : this.base + low;
  }

  /** Drops leading entries that point below `commitLogOffset`; returns how many were dropped. */
  dropBefore(commitLogOffset: number): number {
    const start = this.head;
    while (
      this.head < this.entries.length &&
      (this.entries[this.head] as ConsumeQueueEntry).commitLogOffset < commitLogOffset
    ) {
      this.head += 1;
    }
    const dropped = this.head - start;
    if (this.head >= COMPACT_HEAD_ENTRIES && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.base += this.head;
      this.head = 0;
    }
    return dropped;
  }
}
