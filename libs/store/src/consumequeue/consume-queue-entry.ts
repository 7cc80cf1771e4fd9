/**
 * One consume-queue entry (protocol.md §4.2), big-endian, 20 bytes:
 *
 *   0  commitLogOffset int64   where the record starts in the commit log
 *   8  size            int32   the record's TOTALSIZE
 *  12  tagsCode        int64   Java String.hashCode of TAGS (sign-extended), 0 without tags;
 *                              for SCHEDULE_TOPIC_XXXX the delivery time in ms
 *
 * Logical queue offset = byte position / 20. A valid entry has commitLogOffset >= 0 and size > 0;
 * the blank entry (0, Integer.MAX_VALUE, 0) pads a queue whose first entry is not at offset 0, and an
 * all-zero entry marks the end of written data.
 */
import { readInt64, writeInt64 } from '@rmq/protocol';

// Hot path: bound once, so each call skips the getters CommonJS emits for `export *`.
const writeLong = writeInt64;

export const CQ_STORE_UNIT_BYTES = 20;
export const BLANK_ENTRY_SIZE = 0x7fffffff;

export interface ConsumeQueueEntry {
  /** Logical offset of this entry in its queue. */
  readonly queueOffset: number;
  readonly commitLogOffset: number;
  readonly size: number;
  readonly tagsCode: number;
}

export function encodeConsumeQueueEntry(
  target: Buffer,
  at: number,
  commitLogOffset: number,
  size: number,
  tagsCode: number,
): void {
  writeLong(target, commitLogOffset, at);
  target.writeInt32BE(size, at + 8);
  writeLong(target, tagsCode, at + 12);
}

export function decodeConsumeQueueEntry(source: Buffer, at: number, queueOffset: number): ConsumeQueueEntry {
  return {
    queueOffset,
    commitLogOffset: readInt64(source, at),
    size: source.readInt32BE(at + 8),
    tagsCode: readInt64(source, at + 12),
  };
}

/** RocketMQ's test for a written entry: blank padding entries pass it too (offset 0, size MAX). */
export function isWrittenEntry(commitLogOffset: number, size: number): boolean {
  return commitLogOffset >= 0 && size > 0;
}

export function isBlankEntry(entry: ConsumeQueueEntry): boolean {
  return entry.commitLogOffset === 0 && entry.size === BLANK_ENTRY_SIZE && entry.tagsCode === 0;
}

/** The 20 bytes of a blank padding entry. */
export function blankEntryBytes(): Buffer {
  const out = Buffer.alloc(CQ_STORE_UNIT_BYTES);
  encodeConsumeQueueEntry(out, 0, 0, BLANK_ENTRY_SIZE, 0);
  return out;
}
