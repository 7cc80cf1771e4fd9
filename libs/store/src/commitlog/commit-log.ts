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
import { BLANK_RECORD_MIN_BYTES } from '@rmq/protocol';
import { StoreIoError } from '../errors/store-io.error';
import { parentOf } from '../fs/file-system';
import { MappedFile } from '../mapped-file/mapped-file';
import { MappedFileQueue } from '../mapped-file/mapped-file-queue';
import type { AppendMessageResult, MessageToStore, PutMessageResult } from '../message-store';
import { CommitLogAppendResult } from './commit-log-append-result';
import {
  encodeBlankInto,
  encodeRecordsInto,
  oversizeRefusal,
  prepareRecord,
  PreparedRecord,
  prepareRecords,
} from './commit-log-encoder';
import {
  AppendedRecord,
  CommitListener,
  COMMIT_LOG_IN_FLIGHT_PUTS_MAX,
  COMMIT_LOG_WRITE_BUFFER_BYTES,
  CommitLogLogger,
  CommitLogOptions,
  CommitLogRecord,
  NOOP_COMMIT_LOG_LOGGER,
} from './commit-log-options';
import { lookRecord, readCommitted, readRecords } from './commit-log-reader';
import { FlushRealTimeService } from './flush-real-time.service';
import { GroupCommitOutcome, GroupCommitService } from './group-commit.service';
import { encodeRecordInto } from './record-encoder';
import { TopicQueueKeys } from './topic-queue-keys';

// Hot path: bound once, so each call skips the getters CommonJS emits for `export *`.
const BLANK_MIN_BYTES = BLANK_RECORD_MIN_BYTES;

type State = 'new' | 'loaded' | 'recovered' | 'running' | 'closed';

/** A put waiting for its turn's commit (and, under SYNC_FLUSH, an fsync). */
class PendingPut {
  constructor(
    readonly endOffset: number,
    readonly appendResult: CommitLogAppendResult,
    readonly resolve: (result: PutMessageResult) => void,
  ) {}
}

/** What an append gives: the stored records' result, or a refusal. */
type Appended = CommitLogAppendResult | PutMessageResult;

/** Promise executor shared by every put (no closure per put): hands out the resolve function. */
let capturedResolve: ((result: PutMessageResult) => void) | undefined;
function captureResolve(resolve: (result: PutMessageResult) => void): void {
  capturedResolve = resolve;
}

export class CommitLog {
  readonly mappedFileQueue: MappedFileQueue;
  private readonly table = new Map<string, number>();
  private readonly keys = new TopicQueueKeys();
  private readonly maxMessageSize: number;
  private readonly mappedFileSize: number;
  private readonly commitTurnOnImmediate = (): void => this.commitTurn();
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
  /** flush() calls not yet settled; the chain is idle at 0. */
  private flushesRunning = 0;
  private lastStoreTimestampMs = 0;
  private flushedStoreTimestampMs = 0;

  constructor(private readonly options: CommitLogOptions) {
    const { config } = options;
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? NOOP_COMMIT_LOG_LOGGER;
    this.inFlightPutsMax = options.inFlightPutsMax ?? COMMIT_LOG_IN_FLIGHT_PUTS_MAX;
    this.maxMessageSize = config.maxMessageSize;
    this.mappedFileSize = config.mappedFileSizeCommitLog;
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
    return this.completeAfterCommit(this.appendOne(msg));
  }

  /** One topic and queue; consecutive queue offsets; written contiguously in one file. */
  putMessages(msgs: readonly MessageToStore[]): Promise<PutMessageResult> {
    return this.completeAfterCommit(this.appendBatch(msgs));
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

  /**
   * Commits and fsyncs everything appended so far; calls are serialized. With none running, the
   * fsync is issued before this returns, so a group commit's fsync runs (on the thread pool) while
   * the event loop goes on with dispatch.
   */
  flush(): Promise<number> {
    const run = this.flushesRunning === 0 ? this.flushOnce() : this.flushChain.then(() => this.flushOnce());
    this.flushesRunning += 1;
    const settled = (): void => {
      this.flushesRunning -= 1;
    };
    this.flushChain = run.then(settled, settled);
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

  /** Queues a stored append for the next turn's commit; a refusal resolves at once. */
  private completeAfterCommit(appended: Appended): Promise<PutMessageResult> {
    if (!(appended instanceof CommitLogAppendResult)) return Promise.resolve(appended);
    this.inFlightPuts += 1;
    const promise = new Promise<PutMessageResult>(captureResolve);
    const resolve = capturedResolve as (result: PutMessageResult) => void;
    this.turn.push(new PendingPut(appended.wroteOffset + appended.wroteBytes, appended, resolve));
    if (!this.commitScheduled) {
      this.commitScheduled = true;
      setImmediate(this.commitTurnOnImmediate);
    }
    return promise;
  }

  /** Everything from queue-offset assignment to the buffer write happens here, with no await. */
  private appendOne(msg: MessageToStore): Appended {
    const refusal = this.refusal();
    if (refusal) return refusal;
    const record = prepareRecord(msg, this.maxMessageSize);
    if (!(record instanceof PreparedRecord)) return record;
    const oversize = oversizeRefusal(record.size, this.mappedFileSize);
    if (oversize) return oversize;
    const file = this.fileFor(record.size);
    if (!(file instanceof MappedFile)) return file;
    const key = this.keys.keyOf(msg.topic, msg.queueId);
    const nextQueueOffset = this.table.get(key) ?? 0;
    const storeTimestamp = this.clock();
    record.offset = file.fileFromOffset + file.wrotePosition;
    record.queueOffset = record.outsideQueue ? 0 : nextQueueOffset;
    record.storeTimestamp = storeTimestamp;
    const failed = this.encode(file, record.size, encodeRecordInto, record);
    if (failed) return failed;
    if (!record.outsideQueue) this.table.set(key, nextQueueOffset + 1);
    this.lastStoreTimestampMs = storeTimestamp;
    if (this.commitListener) this.appendedInTurn.push(record);
    return new CommitLogAppendResult(
      record.offset,
      record.size,
      record.queueOffset,
      storeTimestamp,
      1,
      msg.storeHost,
    );
  }

  /** appendOne for a batch: one topic and queue, written contiguously. */
  private appendBatch(msgs: readonly MessageToStore[]): Appended {
    const refusal = this.refusal();
    if (refusal) return refusal;
    const limits = { maxMessageSize: this.maxMessageSize, mappedFileSize: this.mappedFileSize };
    const prepared = prepareRecords(msgs, limits);
    if (!prepared.ok) return prepared.result;
    const { records, totalBytes } = prepared;
    const file = this.fileFor(totalBytes);
    if (!(file instanceof MappedFile)) return file;
    const first = records[0] as PreparedRecord;
    const key = this.keys.keyOf(first.msg.topic, first.msg.queueId);
    let nextQueueOffset = this.table.get(key) ?? 0;
    const queued = this.place(records, file.fileFromOffset + file.wrotePosition, nextQueueOffset);
    const failed = this.encode(file, totalBytes, encodeRecordsInto, records);
    if (failed) return failed;
    nextQueueOffset += queued;
    if (queued > 0) this.table.set(key, nextQueueOffset);
    this.lastStoreTimestampMs = first.storeTimestamp;
    if (this.commitListener) for (const record of records) this.appendedInTurn.push(record);
    return new CommitLogAppendResult(
      first.offset,
      totalBytes,
      first.queueOffset,
      first.storeTimestamp,
      records.length,
      first.msg.storeHost,
      records,
    );
  }

  /** Sets offsets, queue offsets and the store time of a batch's records; returns how many are queued. */
  private place(records: readonly PreparedRecord[], physicalOffset: number, nextQueueOffset: number): number {
    const storeTimestamp = this.clock();
    let offset = physicalOffset;
    let queued = 0;
    for (const record of records) {
      record.offset = offset;
      record.queueOffset = record.outsideQueue ? 0 : nextQueueOffset + queued++;
      record.storeTimestamp = storeTimestamp;
      offset += record.size;
    }
    return queued;
  }

  /** Encodes into the file's write buffer; an I/O failure becomes sticky and a refusal. */
  private encode<C>(
    file: MappedFile,
    bytes: number,
    fill: (target: Buffer, at: number, context: C) => void,
    context: C,
  ): PutMessageResult | undefined {
    try {
      file.appendWith(bytes, fill, context);
      return undefined;
    } catch (err) {
      if (!(err instanceof StoreIoError)) throw err;
      this.fail(err, 'append');
      return this.stickyRefusal();
    }
  }

  /** fileWithRoomFor, with a failure to create a file as a refusal. */
  private fileFor(bytes: number): MappedFile | PutMessageResult {
    try {
      return this.fileWithRoomFor(bytes);
    } catch (err) {
      if (this.stickyError) return this.stickyRefusal();
      this.logger.warn({ err }, 'cannot create a commit-log file');
      return { status: 'CREATE_MAPEDFILE_FAILED', remark: (err as Error).message };
    }
  }

  /** The last file if `bytes` (+ room for a BLANK) fit, else pads it with a BLANK and rolls. */
  private fileWithRoomFor(bytes: number): MappedFile {
    const file = this.mappedFileQueue.lastForAppend();
    if (bytes + BLANK_MIN_BYTES <= file.remaining()) return file;
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
    if (puts.length === 0) return;
    this.turn = [];
    const appended = this.appendedInTurn;
    this.appendedInTurn = [];
    try {
      this.mappedFileQueue.commit();
    } catch (err) {
      this.fail(err, 'commit');
      this.settleAll(puts, () => this.stickyRefusal());
      return;
    }
    const groupCommit = this.groupCommit;
    if (!groupCommit) {
      this.notifyCommitted(appended);
      this.inFlightPuts -= puts.length;
      for (let i = 0; i < puts.length; i++) {
        const put = puts[i] as PendingPut;
        put.resolve({ status: 'PUT_OK', appendResult: put.appendResult });
      }
      return;
    }
    // The turn's puts were appended in order: one request for the last end offset covers them all.
    // It comes before dispatch, so the fsync overlaps dispatch instead of waiting for it.
    const last = puts[puts.length - 1] as PendingPut;
    void groupCommit
      .request(last.endOffset)
      .then((outcome) => this.settleAll(puts, (put) => this.afterFsync(outcome, put.appendResult)));
    this.notifyCommitted(appended);
  }

  private settleAll(puts: readonly PendingPut[], resultOf: (put: PendingPut) => PutMessageResult): void {
    this.inFlightPuts -= puts.length;
    for (const put of puts) put.resolve(resultOf(put));
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
