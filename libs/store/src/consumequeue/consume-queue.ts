/**
 * One topic/queueId's consume queue (RocketMQ's ConsumeQueue): 20-byte entries (consume-queue-entry.ts)
 * in mappedFileSizeConsumeQueue-byte files under <storePathConsumeQueue>/<topic>/<queueId>/.
 * Invariants: the entry for logical offset n sits at byte n × 20; entries are written in order, so
 * their commit-log offsets increase; min ≤ max, both in entries; maxPhysicOffset() is the end of the
 * last real record this queue points at (-1 when none), so re-dispatched records are recognised.
 */
import path from 'node:path';
import { FileSystem } from '../fs/file-system';
import { MappedFile } from '../mapped-file/mapped-file';
import { MappedFileQueue } from '../mapped-file/mapped-file-queue';
import { OS_PAGE_BYTES } from '../store-config';
import { NOOP_STORE_LOGGER, StoreLogger } from '../dispatch/store-ports';
import {
  blankEntryBytes,
  BLANK_ENTRY_SIZE,
  ConsumeQueueEntry,
  CQ_STORE_UNIT_BYTES,
  decodeConsumeQueueEntry,
  encodeConsumeQueueEntry,
  isWrittenEntry,
} from './consume-queue-entry';
import { searchOffsetByTime, StoreTimeOf } from './consume-queue-time-search';

/** The write buffer of the file being appended to (MappedFile allocates it on the first append). */
export const CQ_WRITE_BUFFER_BYTES_DEFAULT = 4096;
/** Scans (recovery, truncation, min correction) read at most this much at a time: 3276 entries. */
const SCAN_CHUNK_BYTES = 3276 * CQ_STORE_UNIT_BYTES;

export interface ConsumeQueueOptions {
  readonly fs: FileSystem;
  /** storePathConsumeQueue; the queue's files live in <rootDir>/<topic>/<queueId>/. */
  readonly rootDir: string;
  readonly topic: string;
  readonly queueId: number;
  /** mappedFileSizeConsumeQueue: bytes per file, a multiple of 20. */
  readonly mappedFileSizeBytes: number;
  readonly writeBufferBytes?: number;
  readonly logger?: StoreLogger;
}

interface EntryFields {
  commitLogOffset: number;
  size: number;
  tagsCode: number;
}

function fillEntry(target: Buffer, at: number, entry: EntryFields): void {
  encodeConsumeQueueEntry(target, at, entry.commitLogOffset, entry.size, entry.tagsCode);
}

/** What putEntry did: wrote the entry, skipped it as already present, or wrote it after filling a gap. */
export type PutEntryOutcome = 'appended' | 'duplicate' | 'gap-filled';

export class ConsumeQueue {
  readonly topic: string;
  readonly queueId: number;
  readonly dir: string;
  private readonly files: MappedFileQueue;
  private readonly fileSizeBytes: number;
  private readonly logger: StoreLogger;
  private minLogicOffsetBytes = 0;
  private maxPhysicOffsetBytes = -1;
  /** Reused for every putEntry: the entry goes into the write buffer synchronously. */
  private readonly entryToWrite: EntryFields = { commitLogOffset: 0, size: 0, tagsCode: 0 };

  constructor(private readonly options: ConsumeQueueOptions) {
    const size = options.mappedFileSizeBytes;
    if (!Number.isInteger(size) || size <= 0 || size % CQ_STORE_UNIT_BYTES !== 0) {
      throw new Error(`mappedFileSizeConsumeQueue ${size} is not a positive multiple of 20`);
    }
    this.topic = options.topic;
    this.queueId = options.queueId;
    this.dir = path.join(options.rootDir, options.topic, String(options.queueId));
    this.fileSizeBytes = size;
    this.logger = options.logger ?? NOOP_STORE_LOGGER;
    const writeBuffer = options.writeBufferBytes ?? CQ_WRITE_BUFFER_BYTES_DEFAULT;
    this.files = new MappedFileQueue(options.fs, this.dir, size, writeBuffer);
  }

  /** Opens the existing files (all "full" until recover() finds the real end). */
  load(): void {
    this.files.load();
  }

  /**
   * Finds the end of valid entries, scanning from the third-last file as RocketMQ does, and cuts
   * everything after it (later files deleted, positions set).
   */
  recover(): void {
    const files = this.files.mappedFiles();
    if (files.length === 0) return;
    let index = Math.max(0, files.length - 3);
    let end = 0;
    for (;;) {
      const file = files[index] as MappedFile;
      const validBytes = this.scanValidPrefix(file);
      end = file.fileFromOffset + validBytes;
      if (validBytes < this.fileSizeBytes || index + 1 >= files.length) break;
      index += 1;
    }
    this.files.truncateDirtyFiles(end);
    this.minLogicOffsetBytes = Math.max(this.minLogicOffsetBytes, this.files.minOffset());
    this.maxPhysicOffsetBytes = this.lastRecordEndBefore(end);
    this.logger.info(
      { topic: this.topic, queueId: this.queueId, maxOffset: this.maxOffsetInQueue() },
      'consume queue recovered',
    );
  }

  /**
   * Writes the entry for logical offset `cqOffset`. A record already covered (re-dispatch after
   * recovery) is skipped. The first entry of an empty queue may start anywhere: the file is padded
   * with blank entries up to it. A gap anywhere else means entries were lost or offsets skipped
   * (a bug): it is logged and padded, so that offset n still sits at byte n × 20.
   */
  putEntry(cqOffset: number, commitLogOffset: number, size: number, tagsCode: number): PutEntryOutcome {
    if (!Number.isSafeInteger(cqOffset) || cqOffset < 0 || size <= 0 || commitLogOffset < 0) {
      throw new Error(`bad consume-queue entry ${cqOffset}: (${commitLogOffset}, ${size}, ${tagsCode})`);
    }
    // Expected for every record re-dispatched after a crash (millions of them), so not logged.
    if (commitLogOffset + size <= this.maxPhysicOffsetBytes) return 'duplicate';
    const expectedBytes = cqOffset * CQ_STORE_UNIT_BYTES;
    let outcome: PutEntryOutcome = 'appended';
    if (this.files.isEmpty()) this.options.fs.mkdirs(this.dir);
    if (this.holdsNoEntries()) {
      if (expectedBytes < this.files.minOffset()) return 'duplicate';
      this.startAt(expectedBytes);
    } else {
      const currentBytes = this.files.maxOffset();
      if (expectedBytes < currentBytes) {
        this.logger.warn(
          { ...this.logContext(cqOffset, commitLogOffset), maxOffset: currentBytes / CQ_STORE_UNIT_BYTES },
          'consume queue entry written twice',
        );
        return 'duplicate';
      }
      if (expectedBytes > currentBytes) {
        this.logger.error(
          { ...this.logContext(cqOffset, commitLogOffset), maxOffset: currentBytes / CQ_STORE_UNIT_BYTES },
          '[BUG] consume queue gap filled with blank entries',
        );
        this.appendBlanks(expectedBytes - currentBytes);
        outcome = 'gap-filled';
      }
    }
    const entry = this.entryToWrite;
    entry.commitLogOffset = commitLogOffset;
    entry.size = size;
    entry.tagsCode = tagsCode;
    this.files.lastForAppend(expectedBytes).appendWith(CQ_STORE_UNIT_BYTES, fillEntry, entry);
    this.maxPhysicOffsetBytes = commitLogOffset + size;
    return outcome;
  }

  /** Lowest logical offset still readable. */
  minOffsetInQueue(): number {
    return Math.max(this.minLogicOffsetBytes, this.files.minOffset()) / CQ_STORE_UNIT_BYTES;
  }

  /** Next logical offset to be written (= number of entries ever written). */
  maxOffsetInQueue(): number {
    return this.files.maxOffset() / CQ_STORE_UNIT_BYTES;
  }

  messageTotalInQueue(): number {
    return this.maxOffsetInQueue() - this.minOffsetInQueue();
  }

  /** End (offset + size) of the last record this queue points at; -1 when it points at none. */
  maxPhysicOffset(): number {
    return this.maxPhysicOffsetBytes;
  }

  getEntry(queueOffset: number): ConsumeQueueEntry | undefined {
    return this.getEntries(queueOffset, 1)?.[0];
  }

  /**
   * Up to `maxCount` entries from `fromOffset`, never past the end of the file holding it (as
   * RocketMQ's getIndexBuffer). undefined when no file holds `fromOffset` any more (deleted or
   * below the min offset); [] when the offset is at or past the end of written entries.
   */
  getEntries(fromOffset: number, maxCount: number): ConsumeQueueEntry[] | undefined {
    const startBytes = fromOffset * CQ_STORE_UNIT_BYTES;
    if (fromOffset < 0 || startBytes < this.minLogicOffsetBytes) return undefined;
    const file = this.files.findByOffset(startBytes);
    if (!file) return undefined;
    const position = startBytes - file.fileFromOffset;
    const bytes = file.read(position, Math.max(0, maxCount) * CQ_STORE_UNIT_BYTES);
    const entries: ConsumeQueueEntry[] = [];
    for (let at = 0; at + CQ_STORE_UNIT_BYTES <= bytes.length; at += CQ_STORE_UNIT_BYTES) {
      entries.push(decodeConsumeQueueEntry(bytes, at, fromOffset + at / CQ_STORE_UNIT_BYTES));
    }
    return entries;
  }

  /** The first logical offset of the file after the one holding `queueOffset`. */
  rollNextFile(queueOffset: number): number {
    const entriesPerFile = this.fileSizeBytes / CQ_STORE_UNIT_BYTES;
    return queueOffset + entriesPerFile - (queueOffset % entriesPerFile);
  }

  /**
   * RocketMQ's getOffsetInQueueByTime: picks the first file whose last entry was stored at or
   * after `timestampMs` (RocketMQ uses the file's mtime for the same purpose) and binary-searches it
   * for the entry stored at `timestampMs`, else the closer neighbour. storeTimeOf reads a record's
   * store time from the commit log (negative when unreadable); entries below minPhyOffset are gone.
   */
  getOffsetInQueueByTime(timestampMs: number, storeTimeOf: StoreTimeOf, minPhyOffset = 0): number {
    const file = this.fileByTime(timestampMs, storeTimeOf, minPhyOffset);
    if (!file) return 0;
    if (file.wrotePosition === 0) return Math.max(this.minOffsetInQueue(), this.maxOffsetInQueue() - 1);
    const lowBytes = Math.max(0, this.minLogicOffsetBytes - file.fileFromOffset);
    const readEntry = (position: number): ConsumeQueueEntry =>
      decodeConsumeQueueEntry(file.read(position, CQ_STORE_UNIT_BYTES), 0, 0);
    const position = searchOffsetByTime({
      timestampMs,
      lowBytes,
      highBytes: file.wrotePosition - CQ_STORE_UNIT_BYTES,
      readEntry,
      storeTimeOf,
      minPhyOffset,
    });
    return position < 0 ? 0 : (file.fileFromOffset + position) / CQ_STORE_UNIT_BYTES;
  }

  /**
   * After the commit log was cut at `phyOffset`: drops every entry whose record starts at or past
   * it (files left empty are removed, except the first, which keeps the queue's position).
   */
  truncateDirtyLogicFiles(phyOffset: number): void {
    const files = this.files.mappedFiles();
    let cutBytes = this.files.maxOffset();
    for (let i = files.length - 1; i >= 0; i -= 1) {
      const file = files[i] as MappedFile;
      const keptBytes = this.scanPrefix(
        file,
        (entryOffset, size) => isWrittenEntry(entryOffset, size) && entryOffset < phyOffset,
      );
      if (keptBytes === file.wrotePosition && file.wrotePosition > 0) break;
      cutBytes = file.fileFromOffset + keptBytes;
      if (keptBytes > 0) break;
    }
    if (cutBytes < this.files.maxOffset()) {
      // MappedFile.resetPositions drops buffered bytes below the new position: commit them first.
      this.files.commit();
      this.files.truncateDirtyFiles(cutBytes);
      this.logger.info(
        { topic: this.topic, queueId: this.queueId, phyOffset, maxOffset: this.maxOffsetInQueue() },
        'dirty consume queue entries dropped',
      );
    }
    this.maxPhysicOffsetBytes = this.lastRecordEndBefore(this.files.maxOffset());
  }

  /** Moves the min offset to the first entry whose record is still in the commit log. */
  correctMinOffset(minPhyOffset: number): void {
    const first = this.files.first();
    if (!first) return;
    const skipped = this.scanPrefix(
      first,
      (entryOffset, size) =>
        size === BLANK_ENTRY_SIZE || !isWrittenEntry(entryOffset, size) || entryOffset < minPhyOffset,
    );
    this.minLogicOffsetBytes = Math.max(this.minLogicOffsetBytes, first.fileFromOffset + skipped);
  }

  /** Retention: deletes leading files whose entries all point below minPhyOffset (never the last). */
  deleteExpiredFiles(minPhyOffset: number): number {
    let deleted = 0;
    for (;;) {
      const first = this.files.first();
      if (!first || this.files.mappedFiles().length <= 1) break;
      const lastEntry = first.read(this.fileSizeBytes - CQ_STORE_UNIT_BYTES, CQ_STORE_UNIT_BYTES);
      if (lastEntry.length < CQ_STORE_UNIT_BYTES || Number(lastEntry.readBigInt64BE(0)) >= minPhyOffset)
        break;
      this.files.deleteFirstFile();
      deleted += 1;
    }
    this.correctMinOffset(minPhyOffset);
    return deleted;
  }

  unflushedBytes(): number {
    return this.files.unflushedBytes();
  }

  /**
   * Flushes when at least leastPages pages are unflushed; with 0, flushes whatever is pending
   * (bytes, a recovery cut, created or deleted files). True when entries were made durable.
   */
  async flush(leastPages: number): Promise<boolean> {
    const unflushed = this.files.unflushedBytes();
    if (leastPages > 0 && unflushed < leastPages * OS_PAGE_BYTES) return false;
    await this.files.flush();
    return unflushed > 0;
  }

  /** Hands buffered entries to the OS and closes the files (flush first for durability). */
  close(): void {
    try {
      this.files.commit();
    } finally {
      this.files.close();
    }
  }

  /** Deletes every file (the directory stays); the queue starts again empty. */
  destroy(): void {
    this.files.destroy();
    this.minLogicOffsetBytes = 0;
    this.maxPhysicOffsetBytes = -1;
  }

  /** Built only for a log line: putEntry runs once per dispatched message. */
  private logContext(cqOffset: number, commitLogOffset: number): object {
    return { topic: this.topic, queueId: this.queueId, cqOffset, commitLogOffset };
  }

  private holdsNoEntries(): boolean {
    return this.files.maxOffset() === this.files.minOffset();
  }

  /** First entry of a queue with nothing written: files start at its file, blanks pad up to it. */
  private startAt(expectedBytes: number): void {
    if (!this.files.isEmpty()) this.files.destroy();
    const file = this.files.lastForAppend(expectedBytes);
    this.minLogicOffsetBytes = expectedBytes;
    const padBytes = expectedBytes - file.fileFromOffset;
    if (padBytes > 0) {
      this.appendBlanks(padBytes);
      this.logger.info(
        { topic: this.topic, queueId: this.queueId, blankEntries: padBytes / CQ_STORE_UNIT_BYTES },
        'consume queue starts with blank entries',
      );
    }
  }

  private appendBlanks(totalBytes: number): void {
    const blank = blankEntryBytes();
    const chunk = Buffer.alloc(Math.min(totalBytes, SCAN_CHUNK_BYTES));
    for (let at = 0; at < chunk.length; at += CQ_STORE_UNIT_BYTES) blank.copy(chunk, at);
    for (let left = totalBytes; left > 0; ) {
      const file = this.files.lastForAppend(this.files.maxOffset());
      const n = Math.min(left, chunk.length, file.remaining());
      file.append(chunk.subarray(0, n));
      left -= n;
    }
  }

  /** Bytes of leading entries (from position 0, up to wrotePosition) for which `keep` holds. */
  private scanPrefix(file: MappedFile, keep: (commitLogOffset: number, size: number) => boolean): number {
    for (let position = 0; position < file.wrotePosition; position += SCAN_CHUNK_BYTES) {
      const bytes = file.read(position, SCAN_CHUNK_BYTES);
      for (let at = 0; at + CQ_STORE_UNIT_BYTES <= bytes.length; at += CQ_STORE_UNIT_BYTES) {
        if (!keep(Number(bytes.readBigInt64BE(at)), bytes.readInt32BE(at + 8))) return position + at;
      }
      if (bytes.length < SCAN_CHUNK_BYTES)
        return position + bytes.length - (bytes.length % CQ_STORE_UNIT_BYTES);
    }
    return file.wrotePosition;
  }

  private scanValidPrefix(file: MappedFile): number {
    return this.scanPrefix(file, isWrittenEntry);
  }

  /** End of the record of the last non-blank entry before `endBytes` (looking back at most two files); -1 when none. */
  private lastRecordEndBefore(endBytes: number): number {
    const floor = Math.max(this.files.minOffset(), endBytes - 2 * this.fileSizeBytes);
    for (let at = endBytes - CQ_STORE_UNIT_BYTES; at >= floor; at -= CQ_STORE_UNIT_BYTES) {
      const file = this.files.findByOffset(at);
      if (!file) return -1;
      const entry = decodeConsumeQueueEntry(file.read(at - file.fileFromOffset, CQ_STORE_UNIT_BYTES), 0, 0);
      if (entry.size !== BLANK_ENTRY_SIZE && isWrittenEntry(entry.commitLogOffset, entry.size)) {
        return entry.commitLogOffset + entry.size;
      }
    }
    return -1;
  }

  /** Binary search over files: the first whose last live entry was stored at or after timestampMs. */
  private fileByTime(
    timestampMs: number,
    storeTimeOf: StoreTimeOf,
    minPhyOffset: number,
  ): MappedFile | undefined {
    const files = this.files.mappedFiles();
    const reachesTime = (file: MappedFile): boolean => {
      if (file.wrotePosition === 0) return true;
      const last = decodeConsumeQueueEntry(
        file.read(file.wrotePosition - CQ_STORE_UNIT_BYTES, CQ_STORE_UNIT_BYTES),
        0,
        0,
      );
      return (
        last.commitLogOffset >= minPhyOffset && storeTimeOf(last.commitLogOffset, last.size) >= timestampMs
      );
    };
    let low = 0;
    let high = files.length - 1;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (reachesTime(files[mid] as MappedFile)) high = mid;
      else low = mid + 1;
    }
    return files[low];
  }
}
