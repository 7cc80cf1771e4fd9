/**
 * Commit-log recovery after load() (RocketMQ's recoverNormally / recoverAbnormally). Both scan
 * forward checking every record (commit-log-record-check.ts) and stop at the first zero or invalid
 * one: that is the end of the log. The files are then cut there on disk and synced, so no torn or
 * stale byte past the end can be read later, and a half-written record is never part of the log.
 *   normal (no abort file): scan the last 3 files; dispatch resumes where the consume queues stopped.
 *   abnormal (abort file): scan from the last file whose first record is older than the checkpoint
 *   (min(physic, logics) − 3 s), else the first file; dispatch restarts at the scan start.
 * Scanned records raise the topic-queue table (max), on top of what the composer seeds from the
 * consume queues with CommitLog.raiseTopicQueueOffset after truncating them to maxPhyOffset.
 */
import {
  BLANK_MAGIC_CODE,
  BLANK_RECORD_MIN_BYTES,
  MESSAGE_MAGIC_CODE,
  MessageSysFlag,
  STORED_MESSAGE_FIXED_BYTES,
} from '@rmq/protocol';
import {
  CheckpointTimestamps,
  checkpointMinTimestamp,
  checkpointMinTimestampIndex,
} from '../checkpoint/store-checkpoint';
import { MappedFile } from '../mapped-file/mapped-file';
import { CommitLog } from './commit-log';
import { isOutsideQueue } from './commit-log-encoder';
import { CommitLogLogger, NOOP_COMMIT_LOG_LOGGER, topicQueueKey } from './commit-log-options';
import { checkRecord } from './commit-log-record-check';

/** Normal recovery scans this many of the newest files. */
export const NORMAL_RECOVERY_FILES = 3;
/** Bytes read at a time while scanning (a larger record is read whole). */
const SCAN_CHUNK_BYTES = 4 * 1024 * 1024;
/** STORETIMESTAMP's position in a record with an IPv4 born host; an IPv6 one adds 12. */
const STORE_TIMESTAMP_POSITION_V4 = 56;
const HOST_V6_EXTRA_BYTES = 12;
const SYS_FLAG_POSITION = 36;
/** Enough of a first record to read its STORETIMESTAMP with either born-host family. */
const FIRST_RECORD_HEAD_BYTES = STORE_TIMESTAMP_POSITION_V4 + HOST_V6_EXTRA_BYTES + 8;

export interface CommitLogRecoveryOptions {
  /** Verify BODYCRC of every scanned record (checkCRCOnRecover). */
  checkCRCOnRecover: boolean;
  logger?: CommitLogLogger;
}

export interface NormalRecoveryOptions extends CommitLogRecoveryOptions {
  /** Commit-log offset up to which the consume queues hold entries (end of their last record). */
  dispatchedPhyOffset: number;
}

export interface AbnormalRecoveryOptions extends CommitLogRecoveryOptions {
  checkpoint: CheckpointTimestamps;
  /** Bound the start by the index timestamp too (RocketMQ's messageIndexSafe). */
  messageIndexSafe?: boolean;
}

export interface CommitLogRecoveryResult {
  readonly mode: 'normal' | 'abnormal';
  /** End of the last whole record: where the next append goes. */
  readonly maxPhyOffset: number;
  /** Where dispatch to consume queues and index must (re)start. */
  readonly dispatchFromOffset: number;
  readonly scanFromOffset: number;
  readonly recordsScanned: number;
  /** Why the scan ended: 'end of data', 'no files', or the invalid record's defect. */
  readonly stopReason: string;
  /** `topic-queueId` → next queue offset, from the scanned records only. */
  readonly scannedQueueOffsets: ReadonlyMap<string, number>;
  /** Store timestamp of the last record scanned (0 if none). */
  readonly lastStoreTimestampMs: number;
}

interface Scan {
  endOffset: number;
  records: number;
  stopReason: string;
  lastStoreTimestampMs: number;
  readonly queueOffsets: Map<string, number>;
}

export async function recoverCommitLogNormally(
  commitLog: CommitLog,
  options: NormalRecoveryOptions,
): Promise<CommitLogRecoveryResult> {
  const files = commitLog.mappedFileQueue.mappedFiles();
  const startIndex = Math.max(0, files.length - NORMAL_RECOVERY_FILES);
  const scan = scanFiles(files, startIndex, options.checkCRCOnRecover);
  await cutAndFinish(commitLog, scan);
  const dispatchFromOffset = Math.min(
    Math.max(options.dispatchedPhyOffset, commitLog.minOffset()),
    scan.endOffset,
  );
  return report(
    commitLog,
    'normal',
    scan,
    files[startIndex]?.fileFromOffset ?? 0,
    dispatchFromOffset,
    options,
  );
}

export async function recoverCommitLogAbnormally(
  commitLog: CommitLog,
  options: AbnormalRecoveryOptions,
): Promise<CommitLogRecoveryResult> {
  const files = commitLog.mappedFileQueue.mappedFiles();
  const trustedUntilMs = options.messageIndexSafe
    ? checkpointMinTimestampIndex(options.checkpoint)
    : checkpointMinTimestamp(options.checkpoint);
  const startIndex = abnormalStartIndex(files, trustedUntilMs);
  const scanFromOffset = files[startIndex]?.fileFromOffset ?? 0;
  const scan = scanFiles(files, startIndex, options.checkCRCOnRecover);
  await cutAndFinish(commitLog, scan);
  return report(commitLog, 'abnormal', scan, scanFromOffset, scanFromOffset, options);
}

/** The last file whose first record was stored at or before `trustedUntilMs`, else 0. */
export function abnormalStartIndex(files: readonly MappedFile[], trustedUntilMs: number): number {
  for (let i = files.length - 1; i >= 0; i -= 1) {
    const head = (files[i] as MappedFile).read(0, FIRST_RECORD_HEAD_BYTES);
    if (head.length < FIRST_RECORD_HEAD_BYTES || head.readInt32BE(4) !== MESSAGE_MAGIC_CODE) continue;
    const bornV6 = (head.readInt32BE(SYS_FLAG_POSITION) & MessageSysFlag.BORNHOST_V6_FLAG) !== 0;
    const storeTimestamp = Number(
      head.readBigInt64BE(STORE_TIMESTAMP_POSITION_V4 + (bornV6 ? HOST_V6_EXTRA_BYTES : 0)),
    );
    if (storeTimestamp !== 0 && storeTimestamp <= trustedUntilMs) return i;
  }
  return 0;
}

function scanFiles(files: readonly MappedFile[], startIndex: number, verifyCrc: boolean): Scan {
  const first = files[startIndex];
  const scan: Scan = {
    endOffset: first?.fileFromOffset ?? 0,
    records: 0,
    stopReason: first ? 'end of data' : 'no files',
    lastStoreTimestampMs: 0,
    queueOffsets: new Map(),
  };
  for (let i = startIndex; i < files.length; i += 1) {
    if (!scanFile(files[i] as MappedFile, scan, verifyCrc)) break;
  }
  return scan;
}

/** Scans one file from its start; returns true when it ended in a valid BLANK (go on to the next). */
function scanFile(file: MappedFile, scan: Scan, verifyCrc: boolean): boolean {
  const chunk = new ChunkReader(file);
  let position = 0;
  for (;;) {
    const header = chunk.bytes(position, BLANK_RECORD_MIN_BYTES);
    if (!header) return stop(scan, 'end of data');
    const size = header.buf.readInt32BE(header.at);
    const magic = header.buf.readInt32BE(header.at + 4);
    if (magic === BLANK_MAGIC_CODE) {
      if (size !== file.fileSize - position)
        return stop(scan, `BLANK of ${size} bytes at ${file.fileFromOffset + position}`);
      scan.endOffset = file.fileFromOffset + file.fileSize;
      return true;
    }
    if (size === 0 && magic === 0) return stop(scan, 'end of data');
    if (magic !== MESSAGE_MAGIC_CODE) return stop(scan, `bad magic at ${file.fileFromOffset + position}`);
    if (size < STORED_MESSAGE_FIXED_BYTES || size + BLANK_RECORD_MIN_BYTES > file.fileSize - position) {
      return stop(scan, `record size ${size} at ${file.fileFromOffset + position}`);
    }
    const whole = chunk.bytes(position, size) as { buf: Buffer; at: number };
    const check = checkRecord(whole.buf, whole.at, file.fileFromOffset + position, verifyCrc);
    if (!check.ok) return stop(scan, check.reason);
    const record = check.record;
    if (!isOutsideQueue(record.sysFlag)) {
      const key = topicQueueKey(record.topic, record.queueId);
      scan.queueOffsets.set(key, Math.max(scan.queueOffsets.get(key) ?? 0, record.queueOffset + 1));
    }
    scan.lastStoreTimestampMs = record.storeTimestamp;
    scan.records += 1;
    position += size;
    scan.endOffset = file.fileFromOffset + position;
  }
}

function stop(scan: Scan, reason: string): false {
  scan.stopReason = reason;
  return false;
}

/** Sequential reads of one file in SCAN_CHUNK_BYTES pieces; a range is returned as (buffer, index). */
class ChunkReader {
  private chunk: Buffer = Buffer.alloc(0);
  private chunkStart = 0;

  constructor(private readonly file: MappedFile) {}

  bytes(position: number, length: number): { buf: Buffer; at: number } | undefined {
    if (position + length > this.file.fileSize) return undefined;
    const inChunk = position >= this.chunkStart && position + length <= this.chunkStart + this.chunk.length;
    if (!inChunk) {
      this.chunkStart = position;
      this.chunk = this.file.read(
        position,
        Math.min(Math.max(length, SCAN_CHUNK_BYTES), this.file.fileSize - position),
      );
      if (this.chunk.length < length) return undefined;
    }
    return { buf: this.chunk, at: position - this.chunkStart };
  }
}

/** Cuts the files at the scan's end, makes that durable, and hands the end to the commit log. */
async function cutAndFinish(commitLog: CommitLog, scan: Scan): Promise<void> {
  const queue = commitLog.mappedFileQueue;
  queue.truncateDirtyFiles(scan.endOffset);
  await queue.flush();
  for (const [key, next] of scan.queueOffsets) commitLog.raiseTopicQueueOffset(key, next);
  commitLog.finishRecovery({ maxPhyOffset: scan.endOffset, lastStoreTimestampMs: scan.lastStoreTimestampMs });
}

function report(
  commitLog: CommitLog,
  mode: 'normal' | 'abnormal',
  scan: Scan,
  scanFromOffset: number,
  dispatchFromOffset: number,
  options: CommitLogRecoveryOptions,
): CommitLogRecoveryResult {
  const result: CommitLogRecoveryResult = {
    mode,
    maxPhyOffset: scan.endOffset,
    dispatchFromOffset,
    scanFromOffset,
    recordsScanned: scan.records,
    stopReason: scan.stopReason,
    scannedQueueOffsets: scan.queueOffsets,
    lastStoreTimestampMs: scan.lastStoreTimestampMs,
  };
  const { scannedQueueOffsets: _omit, ...loggable } = result;
  (options.logger ?? NOOP_COMMIT_LOG_LOGGER).info(
    { ...loggable, minOffset: commitLog.minOffset() },
    `commit log recovered (${mode}) up to ${scan.endOffset}`,
  );
  return result;
}
