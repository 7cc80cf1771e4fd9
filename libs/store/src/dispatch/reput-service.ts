/**
 * Builds consume queues and the index from the commit log (RocketMQ's ReputMessageService): every
 * record from reputFromOffset up to the log's max offset goes through the dispatchers, in order,
 * in turns of at most batchBytesMax, yielding to the event loop between turns. Invariant: every
 * record below reputFromOffset has been dispatched. A dispatcher error stops the run at that record
 * (it is retried on the next wakeup; consume-queue and index writes skip what they already hold);
 * a record that does not decode is logged and skipped, as RocketMQ does on a master.
 */
import { BLANK_MAGIC_CODE } from '@rmq/protocol';
import { CommitLogDispatcher } from './commit-log-dispatcher';
import { DelayLevelTableMs } from './delay-level';
import { buildDispatchRequest, dispatchRequestOfAppended } from './dispatch-request';
import { NOOP_STORE_LOGGER, StoreLogger } from './store-ports';

export const REPUT_BATCH_BYTES_DEFAULT = 1024 * 1024;

/** One stored record as the commit log hands it out. */
export interface CommitLogRecordView {
  readonly offset: number;
  /** TOTALSIZE (for a BLANK record: the bytes it pads, up to the next file). */
  readonly size: number;
  /** The record's bytes (at least its first 8 for a BLANK record). */
  readonly record: Buffer;
}

export interface ReputSource {
  /**
   * Whole records from `fromOffset` on, in order, ending at the end of written data. Yields at
   * least one record when one starts at fromOffset, and should stop after about maxBytes. It may
   * skip BLANK padding itself (the next record's offset then jumps to the next file) or yield it.
   */
  readRecordsFrom(fromOffset: number, maxBytes: number): Iterable<CommitLogRecordView>;
  maxOffset(): number;
  /** Offset of the oldest byte still held; reput jumps there if it fell behind retention. */
  minOffset?(): number;
}

/** What the commit log tells about a record it just appended (see CommitListener). */
export type AppendedRecordView = Parameters<typeof dispatchRequestOfAppended>[0];

export interface ReputServiceOptions {
  readonly source: ReputSource;
  readonly dispatchers: readonly CommitLogDispatcher[];
  readonly delayLevelTableMs: DelayLevelTableMs;
  readonly reputFromOffset?: number;
  readonly batchBytesMax?: number;
  readonly verifyBodyCrc?: boolean;
  readonly logger?: StoreLogger;
}

export class ReputService {
  private fromOffset: number;
  private readonly batchBytesMax: number;
  private readonly logger: StoreLogger;
  private running: Promise<void> | undefined;
  private wakeupPending = false;
  private started = false;
  private lastError: unknown;
  private skippedRecordCount = 0;

  constructor(private readonly options: ReputServiceOptions) {
    this.fromOffset = options.reputFromOffset ?? 0;
    this.batchBytesMax = options.batchBytesMax ?? REPUT_BATCH_BYTES_DEFAULT;
    this.logger = options.logger ?? NOOP_STORE_LOGGER;
  }

  get reputFromOffset(): number {
    return this.fromOffset;
  }

  /** Where dispatch resumes (recovery sets it from the consume queues before start()). */
  setReputFromOffset(offset: number): void {
    this.fromOffset = offset;
  }

  dispatchBehindBytes(): number {
    return Math.max(0, this.options.source.maxOffset() - this.fromOffset);
  }

  /** The error that stopped the last run, if it has not been cleared by a successful one. */
  get error(): unknown {
    return this.lastError;
  }

  /** Records that could not be decoded and were skipped. */
  get skippedRecords(): number {
    return this.skippedRecordCount;
  }

  /**
   * Synchronously dispatches every record that starts below `offset` (recovery, before start()).
   * Throws what a dispatcher throws.
   */
  dispatchUpTo(offset: number): void {
    for (;;) {
      const limit = Math.min(offset, this.options.source.maxOffset());
      if (this.fromOffset >= limit) return;
      if (!this.dispatchTurn(Math.min(this.batchBytesMax, limit - this.fromOffset), limit)) return;
    }
  }

  start(): void {
    this.started = true;
    this.wakeup();
  }

  /** Call after appends: schedules a run unless one is going, which will then look again. */
  wakeup(): void {
    if (!this.started) return;
    if (this.running) {
      this.wakeupPending = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
  }

  /**
   * Fast path after a commit: dispatches records the commit log just wrote, from memory, when they
   * continue exactly where dispatch stands. Anything else (a run in progress, a gap such as a BLANK
   * at a file's end) falls back to reading the log, which is always correct.
   */
  dispatchAppended(records: readonly AppendedRecordView[]): void {
    if (!this.started || this.running || records[0]?.offset !== this.fromOffset) {
      this.wakeup();
      return;
    }
    for (const record of records) {
      if (record.offset !== this.fromOffset) {
        this.wakeup();
        return;
      }
      const request = dispatchRequestOfAppended(record, this.options.delayLevelTableMs);
      for (const dispatcher of this.options.dispatchers) dispatcher.dispatch(request);
      this.fromOffset = record.offset + record.size;
    }
  }

  /** Resolves once the current run (if any) has caught up or stopped. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops after the current turn; records appended later stay undispatched until start(). */
  async stop(): Promise<void> {
    this.started = false;
    await this.drain();
  }

  private async run(): Promise<void> {
    do {
      this.wakeupPending = false;
      while (this.started && this.fromOffset < this.options.source.maxOffset()) {
        let progressed: boolean;
        try {
          progressed = this.dispatchTurn(this.batchBytesMax, Number.POSITIVE_INFINITY);
          this.lastError = undefined;
        } catch (err) {
          this.lastError = err;
          this.logger.error(
            { err, reputFromOffset: this.fromOffset },
            'dispatch failed; retried on the next wakeup',
          );
          return;
        }
        if (!progressed) break;
        await yieldToEventLoop();
      }
    } while (this.wakeupPending && this.started);
  }

  /** One bounded turn; false when nothing could be read at fromOffset. */
  private dispatchTurn(maxBytes: number, endOffset: number): boolean {
    this.skipExpired();
    const start = this.fromOffset;
    for (const view of this.options.source.readRecordsFrom(start, maxBytes)) {
      if (view.offset >= endOffset) break;
      if (view.offset < this.fromOffset)
        throw new Error(`commit log yielded ${view.offset} behind reput offset ${this.fromOffset}`);
      if (!isBlank(view)) this.dispatchRecord(view);
      this.fromOffset = view.offset + view.size;
      if (this.fromOffset - start >= maxBytes) break;
    }
    if (this.fromOffset === start && start < this.options.source.maxOffset()) {
      this.logger.warn(
        { reputFromOffset: start, maxOffset: this.options.source.maxOffset() },
        'no record readable at the reput offset',
      );
    }
    return this.fromOffset > start;
  }

  private dispatchRecord(view: CommitLogRecordView): void {
    let request;
    try {
      request = buildDispatchRequest(view.record, view.offset, this.options.delayLevelTableMs, {
        verifyBodyCrc: this.options.verifyBodyCrc ?? false,
      });
    } catch (err) {
      this.skippedRecordCount += 1;
      this.logger.error(
        { err, offset: view.offset, size: view.size },
        '[BUG] undecodable commit-log record skipped by dispatch',
      );
      return;
    }
    for (const dispatcher of this.options.dispatchers) dispatcher.dispatch(request);
  }

  private skipExpired(): void {
    const min = this.options.source.minOffset?.() ?? 0;
    if (this.fromOffset < min) {
      this.logger.warn(
        { reputFromOffset: this.fromOffset, minOffset: min },
        'dispatch fell behind retention; skipping to the oldest record',
      );
      this.fromOffset = min;
    }
  }
}

function isBlank(view: CommitLogRecordView): boolean {
  return view.record.length >= 8 && view.record.readInt32BE(4) === BLANK_MAGIC_CODE;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
