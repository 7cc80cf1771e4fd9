/**
 * Delivery of delayed messages (RocketMQ's ScheduleMessageService). Messages with a DELAY level wait
 * in SCHEDULE_TOPIC_XXXX queue `level - 1`, where the store wrote each entry's delivery time as its
 * consume-queue tagsCode. One timer walks every level: from the level's progress offset (the
 * DelayOffsetTable, config/delayOffset.json) it reads the entries that are due, puts each one back
 * into its real topic, and advances the offset only after that put stored the message. Within a
 * level, delivery stops at the first entry that is not due (their times only grow).
 *
 * Bounds: each tick reads at most `batchesPerTickMax` batches of `batchMessagesMax` entries per
 * level. A refused put is retried later on that level with a backoff doubling up to
 * `putRetryDelayMaxMs`; a refusal that can never succeed (MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED)
 * is given up after `putAttemptsMax` attempts, as is a parked record without a real destination.
 * Progress is persisted every flushDelayOffsetInterval and at shutdown, so a restart resumes.
 */
import type { Logger } from '@rmq/observability';
import { SystemTopic } from '@rmq/protocol';
import type {
  DelayLevelTableMs,
  DelayOffsetTable,
  GetMessageResult,
  MessageFilter,
  MessageStore,
  PutMessageResult,
  PutMessageStatus,
} from '@rmq/store';
import { isDue, messageTimeUp, UndeliverableScheduledMessageError } from './scheduled-message';

/** The consumer group name the schedule service reads SCHEDULE_TOPIC_XXXX under (stats only). */
const SCHEDULE_READER_GROUP = 'SCHEDULE_MESSAGE_SERVICE';
const STORED_STATUSES: ReadonlySet<PutMessageStatus> = new Set([
  'PUT_OK',
  'FLUSH_DISK_TIMEOUT',
  'FLUSH_SLAVE_TIMEOUT',
  'SLAVE_NOT_AVAILABLE',
]);
const NEVER_STORABLE_STATUSES: ReadonlySet<PutMessageStatus> = new Set([
  'MESSAGE_ILLEGAL',
  'PROPERTIES_SIZE_EXCEEDED',
]);
/** getMessage answers that move the read position without returning messages. */
const REPOSITION_STATUSES = new Set(['OFFSET_TOO_SMALL', 'OFFSET_OVERFLOW_BADLY', 'OFFSET_FOUND_NULL']);

export interface ScheduleMessageOptions {
  /** ms between passes over the levels (RocketMQ waits 100 ms when nothing is due). */
  tickIntervalMs: number;
  batchMessagesMax: number;
  batchesPerTickMax: number;
  putRetryDelayMinMs: number;
  putRetryDelayMaxMs: number;
  putAttemptsMax: number;
}

export const DEFAULT_SCHEDULE_MESSAGE_OPTIONS: ScheduleMessageOptions = {
  tickIntervalMs: 100,
  batchMessagesMax: 32,
  batchesPerTickMax: 16,
  putRetryDelayMinMs: 1_000,
  putRetryDelayMaxMs: 10_000,
  putAttemptsMax: 3,
};

export interface ScheduleMessageDeps {
  store: MessageStore;
  offsets: DelayOffsetTable;
  delayLevelTableMs: DelayLevelTableMs;
  flushDelayOffsetIntervalMs: number;
  logger: Logger;
  clock?: () => number;
  options?: Partial<ScheduleMessageOptions>;
}

type DeliveryOutcome = 'delivered' | 'skipped' | 'retry-later';

interface PutFailure {
  offset: number;
  attempts: number;
}

/**
 * Matches the due entries of one read, up to the first entry that is not due, and remembers that
 * entry's delivery time. It rides on getMessage's tag filter, which sees every scanned entry's
 * tagsCode in queue order, so the service needs no store API of its own.
 */
class DueEntryFilter implements MessageFilter {
  sawNotDue = false;
  firstNotDueMs = 0;

  constructor(
    private readonly nowMs: number,
    private readonly levelDelayMs: number,
  ) {}

  isMatchedByConsumeQueue(tagsCode: number): boolean {
    if (this.sawNotDue) return false;
    if (isDue(tagsCode, this.nowMs, this.levelDelayMs)) return true;
    this.sawNotDue = true;
    this.firstNotDueMs = tagsCode;
    return false;
  }
}

export class ScheduleMessageService {
  private readonly clock: () => number;
  private readonly options: ScheduleMessageOptions;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Per level: no read before this time (a refused put's backoff, or the head entry's due time). */
  private readonly nextReadAtMs = new Map<number, number>();
  private readonly failures = new Map<number, PutFailure>();
  private running: Promise<number> | undefined;
  private stopped = false;
  private dirty = false;
  private persisting: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ScheduleMessageDeps) {
    this.clock = deps.clock ?? Date.now;
    this.options = { ...DEFAULT_SCHEDULE_MESSAGE_OPTIONS, ...deps.options };
  }

  get levelCount(): number {
    return this.deps.delayLevelTableMs.length;
  }

  /** Loads delayOffset.json and pulls each level's offset back inside its queue's bounds. */
  load(): void {
    this.deps.offsets.load();
    for (const level of this.deps.offsets.levels()) {
      if (level > this.levelCount) continue;
      const offset = this.deps.offsets.get(level) ?? 0;
      const queueId = level - 1;
      const min = this.deps.store.getMinOffsetInQueue(SystemTopic.SCHEDULE, queueId);
      const max = this.deps.store.getMaxOffsetInQueue(SystemTopic.SCHEDULE, queueId);
      const corrected = Math.min(Math.max(offset, min), max);
      if (corrected !== offset) {
        this.deps.logger.warn(
          { level, offset, corrected, min, max },
          'delay offset outside its queue; corrected',
        );
        this.deps.offsets.update(level, corrected);
        this.dirty = true;
      }
    }
  }

  /** Starts the delivery and persist timers (masters only; the caller decides). */
  start(): void {
    this.stopped = false;
    this.every(this.options.tickIntervalMs, () => {
      if (this.running === undefined) void this.tick();
    });
    this.every(this.deps.flushDelayOffsetIntervalMs, () => this.persist());
  }

  /** Stops the timers, waits for the pass in progress and persists the progress. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await this.running;
    await this.persist();
  }

  /** The next offset to deliver of a level (0 when it never ran). */
  offsetOf(level: number): number {
    return this.deps.offsets.get(level) ?? 0;
  }

  /** One bounded pass over every level; resolves to the number of messages delivered. */
  tick(): Promise<number> {
    if (this.running !== undefined) return this.running;
    const pass = this.deliverAllLevels().finally(() => {
      this.running = undefined;
    });
    this.running = pass;
    return pass;
  }

  /** Writes delayOffset.json when progress changed; writes never overlap (timer vs shutdown). */
  persist(): Promise<void> {
    const next = this.persisting.then(() => this.persistIfDirty());
    this.persisting = next;
    return next;
  }

  private async persistIfDirty(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    try {
      await this.deps.offsets.persist();
    } catch (err) {
      this.dirty = true;
      this.deps.logger.error({ err: String(err) }, 'persisting delay offsets failed');
    }
  }

  private async deliverAllLevels(): Promise<number> {
    let delivered = 0;
    for (let level = 1; level <= this.levelCount && !this.stopped; level += 1) {
      try {
        delivered += await this.deliverLevel(level);
      } catch (err) {
        this.deps.logger.error({ level, err: String(err) }, 'delivering delayed messages failed');
      }
    }
    return delivered;
  }

  private async deliverLevel(level: number): Promise<number> {
    const nowMs = this.clock();
    if ((this.nextReadAtMs.get(level) ?? 0) > nowMs) return 0;
    const levelDelayMs = this.deps.delayLevelTableMs[level - 1] ?? 0;
    let delivered = 0;
    for (let batch = 0; batch < this.options.batchesPerTickMax && !this.stopped; batch += 1) {
      const filter = new DueEntryFilter(nowMs, levelDelayMs);
      const offset = this.offsetOf(level);
      const result = this.read(level, offset, filter);
      const empty = result.messages.length === 0;
      if (empty && REPOSITION_STATUSES.has(result.status) && result.nextBeginOffset !== offset) {
        this.advance(level, result.nextBeginOffset);
        continue;
      }
      for (const [i, record] of result.messages.entries()) {
        const queueOffset = result.queueOffsets[i] ?? offset;
        const outcome = await this.deliver(level, queueOffset, record);
        if (outcome === 'retry-later' || this.stopped) return delivered;
        if (outcome === 'delivered') delivered += 1;
        this.advance(level, queueOffset + 1);
      }
      if (filter.sawNotDue) {
        // Later entries of a level are due later still: nothing to read until the head is due.
        this.nextReadAtMs.set(level, Math.min(filter.firstNotDueMs, nowMs + levelDelayMs));
        break;
      }
      if (empty) break;
    }
    return delivered;
  }

  private read(level: number, offset: number, filter: MessageFilter): GetMessageResult {
    return this.deps.store.getMessage(
      SCHEDULE_READER_GROUP,
      SystemTopic.SCHEDULE,
      level - 1,
      offset,
      this.options.batchMessagesMax,
      filter,
    );
  }

  private advance(level: number, offset: number): void {
    if (offset === this.deps.offsets.get(level)) return;
    this.deps.offsets.update(level, offset);
    this.dirty = true;
  }

  private async deliver(level: number, queueOffset: number, record: Buffer): Promise<DeliveryOutcome> {
    let real;
    try {
      real = messageTimeUp(record);
    } catch (err) {
      if (!(err instanceof UndeliverableScheduledMessageError)) throw err;
      this.deps.logger.error({ level, queueOffset, ...err.context }, `${err.message}; skipped`);
      return 'skipped';
    }
    let result: PutMessageResult;
    try {
      result = await this.deps.store.putMessage(real);
    } catch (err) {
      return this.putFailed(level, queueOffset, 'UNKNOWN_ERROR', String(err));
    }
    if (!STORED_STATUSES.has(result.status)) {
      return this.putFailed(level, queueOffset, result.status, result.remark);
    }
    this.failures.delete(level);
    this.nextReadAtMs.delete(level);
    return 'delivered';
  }

  private putFailed(
    level: number,
    queueOffset: number,
    status: PutMessageStatus,
    remark: string | undefined,
  ): DeliveryOutcome {
    const previous = this.failures.get(level);
    const attempts = previous?.offset === queueOffset ? previous.attempts + 1 : 1;
    if (NEVER_STORABLE_STATUSES.has(status) && attempts >= this.options.putAttemptsMax) {
      this.failures.delete(level);
      this.deps.logger.error(
        { level, queueOffset, status, remark, attempts },
        'delayed message refused; dropped',
      );
      return 'skipped';
    }
    this.failures.set(level, { offset: queueOffset, attempts });
    const { putRetryDelayMinMs, putRetryDelayMaxMs } = this.options;
    const delayMs = Math.min(putRetryDelayMaxMs, putRetryDelayMinMs * 2 ** Math.min(attempts - 1, 16));
    this.nextReadAtMs.set(level, this.clock() + delayMs);
    this.deps.logger.warn(
      { level, queueOffset, status, remark, attempts, delayMs },
      'delayed message put refused; retrying later',
    );
    return 'retry-later';
  }

  private every(intervalMs: number, work: () => unknown): void {
    const timer = setInterval(() => void work(), intervalMs);
    timer.unref();
    this.timers.push(timer);
  }
}
