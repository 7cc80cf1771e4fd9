/**
 * The commit log (RocketMQ's CommitLog): every message of every topic, appended to a MappedFileQueue
 * of mappedFileSizeCommitLog-byte files. Appends are synchronous from queue-offset assignment to the
 * bytes landing in the write buffer, so they are serialized without a lock. A put completes only
 * after its bytes reached the OS: all appends of one event-loop turn share one commit (one write
 * syscall) on the next turn; under SYNC_FLUSH the put then also waits for a group-commit fsync.
 * The first write or fsync failure is sticky: appends are refused from then on, reads go on.
 *
 * Lifecycle: load() → a recovery (commit-log-recovery.ts) → start() → puts → shutdown().
 */
import { BLANK_RECORD_MIN_BYTES, encodeOffsetMessageId } from '@rmq/protocol';
import { StoreIoError } from '../errors/store-io.error';
import { parentOf } from '../fs/file-system';
import { MappedFile } from '../mapped-file/mapped-file';
import { MappedFileQueue } from '../mapped-file/mapped-file-queue';
import type { AppendMessageResult, MessageToStore, PutMessageResult } from '../message-store';
import { encodeBlankInto, encodeRecordsInto, prepareRecords, PreparedRecord } from './commit-log-encoder';
import {
  AppendedRecord,
  CommitListener,
  COMMIT_LOG_IN_FLIGHT_PUTS_MAX,
  COMMIT_LOG_WRITE_BUFFER_BYTES,
  CommitLogLogger,
  CommitLogOptions,
  CommitLogRecord,
  NOOP_COMMIT_LOG_LOGGER,
  topicQueueKey,
} from './commit-log-options';
import { lookRecord, readCommitted, readRecords } from './commit-log-reader';
import { FlushRealTimeService } from './flush-real-time.service';
import { GroupCommitOutcome, GroupCommitService } from './group-commit.service';

// Hot path: bound once, so each call skips the getters CommonJS emits for `export *`.
const offsetMessageId = encodeOffsetMessageId;

type State = 'new' | 'loaded' | 'recovered' | 'running' | 'closed';

interface PendingPut {
  readonly endOffset: number;
  readonly appendResult: AppendMessageResult;
  readonly resolve: (result: PutMessageResult) => void;
}

type Appended =
  | { readonly ok: true; readonly appendResult: AppendMessageResult; readonly endOffset: number }
  | { readonly ok: false; readonly result: PutMessageResult };

export class CommitLog {
  readonly mappedFileQueue: MappedFileQueue;
  private readonly table = new Map<string, number>();
  private readonly clock: () => number;
  private readonly logger: CommitLogLogger;
  private readonly inFlightPutsMax: number;
  private readonly groupCommit: GroupCommitService | undefined;
  private readonly flushService: FlushRealTimeService | undefined;
  private state: State = 'new';
  private stickyError: StoreIoError | undefined;
  private turn: PendingPut[] = [];
  private appendedInTurn: AppendedRecord[] = [];
  private commitListener: CommitListener | undefined;
  private commitScheduled = false;
  private inFlightPuts = 0;
  private flushChain: Promise<unknown> = Promise.resolve();
  private lastStoreTimestampMs = 0;
  private flushedStoreTimestampMs = 0;

  constructor(private readonly options: CommitLogOptions) {
    const { config } = options;
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? NOOP_COMMIT_LOG_LOGGER;
    this.inFlightPutsMax = options.inFlightPutsMax ?? COMMIT_LOG_IN_FLIGHT_PUTS_MAX;
    const writeBufferBytes = options.writeBufferBytes ?? COMMIT_LOG_WRITE_BUFFER_BYTES;
    this.mappedFileQueue = new MappedFileQueue(
      options.fs,
      config.storePathCommitLog,
      config.mappedFileSizeCommitLog,
      writeBufferBytes,
    );
    const now = options.monotonicClock ?? (() => performance.now());
    if (config.flushDiskType === 'SYNC_FLUSH') {
      this.groupCommit = new GroupCommitService(() => this.flush(), {
        timeoutMs: config.syncFlushTimeout,
        requestsMax: this.inFlightPutsMax,
        now,
      });
    } else {
      this.flushService = new FlushRealTimeService(this, {
        intervalMs: config.flushIntervalCommitLog,
        leastPages: config.flushCommitLogLeastPages,
        thoroughIntervalMs: config.flushCommitLogThoroughInterval,
        now,
        onError: (err) => this.fail(err, 'async flush'),
      });
    }
  }

  // ---- lifecycle ----

  /** Opens the files (each reads as full until a recovery finds the end) and makes the directory durable. */
  async load(): Promise<void> {
    if (this.state !== 'new') throw new Error(`load() in state ${this.state}`);
    this.mappedFileQueue.load();
    for (const file of this.mappedFileQueue.grownFiles()) {
      this.logger.warn({ file }, 'commit-log file was shorter than its size (crash); grown with zeros');
    }
    await this.options.fs.syncDirectory(parentOf(this.options.config.storePathCommitLog));
    this.state = 'loaded';
  }

  /** Called by recovery once the files end at maxPhyOffset on disk. */
  finishRecovery(end: { maxPhyOffset: number; lastStoreTimestampMs: number }): void {
    if (this.state !== 'loaded') throw new Error(`finishRecovery() in state ${this.state}`);
    if (this.maxOffset() !== end.maxPhyOffset) {
      throw new Error(`recovery ended at ${end.maxPhyOffset} but the files end at ${this.maxOffset()}`);
    }
    this.lastStoreTimestampMs = this.flushedStoreTimestampMs = end.lastStoreTimestampMs;
    this.state = 'recovered';
  }

  /** Accepts puts and starts the ASYNC_FLUSH service. */
  start(): void {
    if (this.state !== 'recovered') throw new Error(`start() in state ${this.state}: recover first`);
    this.state = 'running';
    this.flushService?.start();
  }

  get isRunning(): boolean {
    return this.state === 'running';
  }

  /** Refuses new puts, commits and fsyncs everything, settles waiting puts, closes the files. */
  async shutdown(): Promise<void> {
    if (this.state === 'closed') return;
    const wasRunning = this.state === 'running' || this.state === 'recovered';
    this.state = 'closed';
    this.commitTurn();
    await this.flushService?.stop();
    let failure: Error | undefined;
    if (wasRunning && !this.stickyError) {
      try {
        await this.flush();
      } catch (err) {
        failure = err as Error;
      }
    }
    const stuck = failure ?? this.stickyError;
    this.groupCommit?.close(stuck ? { kind: 'failed', error: stuck } : { kind: 'flushed' });
    await this.flushChain;
    this.mappedFileQueue.close();
    if (failure) throw failure;
  }

  // ---- appends ----

  putMessage(msg: MessageToStore): Promise<PutMessageResult> {
    return this.put([msg], false);
  }

  /** One topic and queue; consecutive queue offsets; written contiguously in one file. */
  putMessages(msgs: readonly MessageToStore[]): Promise<PutMessageResult> {
    return this.put(msgs, true);
  }

  // ---- reads ----

  /** Committed bytes from `offset` to the end of that file's data, at most maxBytes. */
  getData(offset: number, maxBytes = this.options.config.mappedFileSizeCommitLog): Buffer | undefined {
    return readCommitted(this.mappedFileQueue, offset, maxBytes);
  }

  /** The whole record at `offset`, or undefined when no committed message record starts there. */
  lookMessage(offset: number): Buffer | undefined {
    return lookRecord(this.mappedFileQueue, offset);
  }

  /** Records from `offset` (a record boundary), about maxBytes of them, jumping BLANK records. */
  readRecordsFrom(offset: number, maxBytes: number): Generator<CommitLogRecord> {
    return readRecords(this.mappedFileQueue, offset, maxBytes);
  }

  // ---- offsets and flushing ----

  minOffset(): number {
    return this.mappedFileQueue.minOffset();
  }

  /** End of appended data (a put of this turn may still be uncommitted). */
  maxOffset(): number {
    return this.mappedFileQueue.maxOffset();
  }

  /** End of data the OS has: readers (dispatch, replication) go up to here. */
  committedOffset(): number {
    const last = this.mappedFileQueue.last();
    return last ? last.fileFromOffset + last.committedPosition : 0;
  }

  flushedOffset(): number {
    return this.mappedFileQueue.flushedOffset();
  }

  unflushedBytes(): number {
    return this.mappedFileQueue.unflushedBytes();
  }

  /** Store timestamp of the newest record known durable (what the checkpoint's physicMsgTimestamp says). */
  flushedStoreTimestamp(): number {
    return this.flushedStoreTimestampMs;
  }

  /** The sticky error, once an append or flush failed. */
  error(): StoreIoError | undefined {
    return this.stickyError;
  }

  /** Commits and fsyncs everything appended so far; calls are serialized. */
  flush(): Promise<number> {
    const run = this.flushChain.then(() => this.flushOnce());
    this.flushChain = run.catch(() => undefined);
    return run;
  }

  /** See CommitListener. One listener; undefined removes it. */
  setCommitListener(listener: CommitListener | undefined): void {
    this.commitListener = listener;
  }

  // ---- topic-queue table ----

  /** `topic-queueId` → next queue offset. */
  topicQueueTable(): ReadonlyMap<string, number> {
    return this.table;
  }

  setTopicQueueOffset(key: string, nextOffset: number): void {
    this.table.set(key, nextOffset);
  }

  /** Sets the entry to max(current, nextOffset): seeding from consume queues after recovery. */
  raiseTopicQueueOffset(key: string, nextOffset: number): void {
    this.table.set(key, Math.max(this.table.get(key) ?? 0, nextOffset));
  }

  removeTopicQueueOffset(key: string): void {
    this.table.delete(key);
  }

  // ---- retention primitives (the policy lives elsewhere) ----

  /** mtime (ms) of the oldest file when it may be deleted (it is not the last one), else undefined. */
  firstFileLastModifiedMs(): number | undefined {
    const files = this.mappedFileQueue.mappedFiles();
    const first = files[0];
    return first && files.length > 1 ? first.lastModifiedMs(this.options.fs) : undefined;
  }

  /**
   * Deletes the oldest file if its mtime is before expiredBeforeMs (or `force`, for a full disk). Never
   * the last file or one with unflushed bytes. Returns the deleted offset range, else undefined.
   */
  deleteFirstFileIfExpired(
    expiredBeforeMs: number,
    force = false,
  ): { fromOffset: number; toOffset: number } | undefined {
    const lastModified = this.firstFileLastModifiedMs();
    const first = this.mappedFileQueue.first();
    if (lastModified === undefined || !first || first.needsFlush) return undefined;
    if (!force && lastModified >= expiredBeforeMs) return undefined;
    const deleted = this.mappedFileQueue.deleteFirstFile();
    if (!deleted) return undefined;
    this.logger.info({ file: deleted.fileName, lastModified, force }, 'deleted expired commit-log file');
    return { fromOffset: deleted.fileFromOffset, toOffset: deleted.fileFromOffset + deleted.fileSize };
  }

  // ---- internals ----

  private put(msgs: readonly MessageToStore[], batch: boolean): Promise<PutMessageResult> {
    const appended = this.append(msgs, batch);
    if (!appended.ok) return Promise.resolve(appended.result);
    this.inFlightPuts += 1;
    return new Promise<PutMessageResult>((resolve) => {
      const done = (result: PutMessageResult): void => {
        this.inFlightPuts -= 1;
        resolve(result);
      };
      this.turn.push({ endOffset: appended.endOffset, appendResult: appended.appendResult, resolve: done });
      if (!this.commitScheduled) {
        this.commitScheduled = true;
        setImmediate(() => this.commitTurn());
      }
    });
  }

  /** Everything from queue-offset assignment to the buffer write happens here, with no await. */
  private append(msgs: readonly MessageToStore[], batch: boolean): Appended {
    const refusal = this.refusal();
    if (refusal) return { ok: false, result: refusal };
    const { config } = this.options;
    const limits = { maxMessageSize: config.maxMessageSize, mappedFileSize: config.mappedFileSizeCommitLog };
    const prepared = prepareRecords(msgs, limits, batch);
    if (!prepared.ok) return prepared;
    let file: MappedFile;
    try {
      file = this.fileWithRoomFor(prepared.totalBytes);
    } catch (err) {
      if (this.stickyError) return { ok: false, result: this.stickyRefusal() };
      this.logger.warn({ err }, 'cannot create a commit-log file');
      return { ok: false, result: { status: 'CREATE_MAPEDFILE_FAILED', remark: (err as Error).message } };
    }
    return this.writeRecords(file, prepared.records, prepared.totalBytes);
  }

  private writeRecords(file: MappedFile, records: readonly PreparedRecord[], totalBytes: number): Appended {
    const first = (records[0] as PreparedRecord).msg;
    const key = topicQueueKey(first.topic, first.queueId);
    let nextQueueOffset = this.table.get(key) ?? 0;
    const queueOffsets: number[] = new Array<number>(records.length);
    let queued = false;
    for (let i = 0; i < records.length; i++) {
      const outside = (records[i] as PreparedRecord).outsideQueue;
      queueOffsets[i] = outside ? 0 : nextQueueOffset++;
      queued ||= !outside;
    }
    const storeTimestamp = this.clock();
    const physicalOffset = file.fileFromOffset + file.wrotePosition;
    try {
      file.appendWith(totalBytes, (target, at) => {
        encodeRecordsInto(target, at, records, { physicalOffset, storeTimestamp, queueOffsets });
      });
    } catch (err) {
      if (!(err instanceof StoreIoError)) throw err;
      this.fail(err, 'append');
      return { ok: false, result: this.stickyRefusal() };
    }
    if (queued) this.table.set(key, nextQueueOffset);
    this.lastStoreTimestampMs = storeTimestamp;
    const msgIds: string[] = [];
    let recordOffset = physicalOffset;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as PreparedRecord;
      msgIds.push(offsetMessageId(record.msg.storeHost, recordOffset));
      if (this.commitListener) {
        const queueOffset = queueOffsets[i] ?? 0;
        this.appendedInTurn.push({
          offset: recordOffset,
          size: record.size,
          msg: record.msg,
          queueOffset,
          storeTimestamp,
        });
      }
      recordOffset += record.size;
    }
    const appendResult: AppendMessageResult = {
      wroteOffset: physicalOffset,
      wroteBytes: totalBytes,
      msgIds,
      logicsOffset: queueOffsets[0] ?? 0,
      storeTimestamp,
      msgNum: records.length,
    };
    return { ok: true, appendResult, endOffset: physicalOffset + totalBytes };
  }

  /** The last file if `bytes` (+ room for a BLANK) fit, else pads it with a BLANK and rolls. */
  private fileWithRoomFor(bytes: number): MappedFile {
    const file = this.mappedFileQueue.lastForAppend();
    if (bytes + BLANK_RECORD_MIN_BYTES <= file.remaining()) return file;
    const remaining = file.remaining();
    try {
      file.appendWith(remaining, (target, at) => encodeBlankInto(target, at, remaining));
    } catch (err) {
      throw this.fail(err, 'append of a BLANK record');
    }
    return this.mappedFileQueue.lastForAppend();
  }

  private refusal(): PutMessageResult | undefined {
    if (this.stickyError) return this.stickyRefusal();
    if (this.state !== 'running')
      return { status: 'SERVICE_NOT_AVAILABLE', remark: `commit log is ${this.state}` };
    if (this.inFlightPuts >= this.inFlightPutsMax) {
      return { status: 'OS_PAGECACHE_BUSY', remark: `${this.inFlightPuts} puts already wait for the disk` };
    }
    return undefined;
  }

  /** Runs on the turn after appends: one commit (write syscall) for all of them, then completion. */
  private commitTurn(): void {
    this.commitScheduled = false;
    const puts = this.turn;
    this.turn = [];
    if (puts.length === 0) return;
    const appended = this.appendedInTurn;
    this.appendedInTurn = [];
    try {
      this.mappedFileQueue.commit();
    } catch (err) {
      this.fail(err, 'commit');
      for (const put of puts) put.resolve(this.stickyRefusal());
      return;
    }
    this.notifyCommitted(appended);
    const groupCommit = this.groupCommit;
    if (!groupCommit) {
      for (const put of puts) put.resolve({ status: 'PUT_OK', appendResult: put.appendResult });
      return;
    }
    for (const put of puts) {
      void groupCommit
        .request(put.endOffset)
        .then((outcome) => put.resolve(this.afterFsync(outcome, put.appendResult)));
    }
  }

  private notifyCommitted(appended: readonly AppendedRecord[]): void {
    if (appended.length === 0 || !this.commitListener) return;
    try {
      this.commitListener(appended);
    } catch (err) {
      this.logger.error({ err }, 'commit listener failed');
    }
  }

  private afterFsync(outcome: GroupCommitOutcome, appendResult: AppendMessageResult): PutMessageResult {
    if (outcome.kind === 'flushed') return { status: 'PUT_OK', appendResult };
    const why =
      outcome.kind === 'timeout'
        ? `no fsync within ${this.options.config.syncFlushTimeout} ms`
        : outcome.error.message;
    return { status: 'FLUSH_DISK_TIMEOUT', appendResult, remark: `stored, not known durable: ${why}` };
  }

  private async flushOnce(): Promise<number> {
    if (this.stickyError) throw this.stickyError;
    const storeTimestamp = this.lastStoreTimestampMs;
    try {
      const flushed = await this.mappedFileQueue.flush();
      this.flushedStoreTimestampMs = Math.max(this.flushedStoreTimestampMs, storeTimestamp);
      const checkpoint = this.options.checkpoint;
      if (checkpoint && storeTimestamp > 0) checkpoint.physicMsgTimestamp = this.flushedStoreTimestampMs;
      return flushed;
    } catch (err) {
      throw this.fail(err, 'flush');
    }
  }

  /** Records the first failure (sticky) and logs it once; returns the sticky error. */
  private fail(err: unknown, what: string): StoreIoError {
    if (!this.stickyError) {
      this.stickyError =
        err instanceof StoreIoError ? err : new StoreIoError(`commit log ${what} failed`, { cause: err });
      this.logger.error(
        { err: this.stickyError, what },
        'commit log failed; appends are refused until restart',
      );
    }
    return this.stickyError;
  }

  private stickyRefusal(): PutMessageResult {
    return {
      status: 'UNKNOWN_ERROR',
      remark: `commit log refuses appends after an I/O failure: ${this.stickyError?.message}`,
    };
  }
}
