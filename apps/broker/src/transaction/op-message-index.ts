/**
 * One check run's view of an op queue (RMQ_SYS_TRANS_OP_HALF_TOPIC): which half queue offsets have
 * ended (RocketMQ's removeMap, fillOpRemoveMap and calculateOpOffset). Op messages are read lazily,
 * OP_PULL_BATCH at a time from the run's op progress, at most `readMax` per run. Each op message read
 * is "done" once the half offset it names has been passed by the scan; the op progress then moves over
 * the done ones that follow it without a gap. Op messages that are unreadable or carry another tag are
 * done at once (RocketMQ leaves them, and its op progress sticks there forever).
 */
import type { Logger } from '@rmq/observability';
import {
  CID_RMQ_SYS_TRANS,
  decodeMessageProperties,
  decodeStoredMessage,
  MessageConst,
  SystemTopic,
} from '@rmq/protocol';
import type { MessageStore } from '@rmq/store';
import { halfOffsetOfOpBody, REMOVE_TAG } from './half-message';

/** Op messages fetched per store read (RocketMQ's 32). */
export const OP_PULL_BATCH = 32;

export interface OpMessageIndexOptions {
  store: MessageStore;
  queueId: number;
  /** Op progress: the first op queue offset not yet done. */
  opOffset: number;
  /** Half progress: ops for half offsets below it are done when read. */
  halfOffset: number;
  readMax: number;
  logger: Logger;
}

export class OpMessageIndex {
  /** half queue offset → op queue offset, for half offsets at or after the scan's start. */
  private readonly pending = new Map<number, number>();
  /** Half offsets below the scan's start that have an op (for immunity copies). */
  private readonly endedEarlier = new Set<number>();
  private readonly done: number[] = [];
  private baseOpOffset: number;
  private nextOpOffset: number;
  private read = 0;
  private fullyRead = false;

  constructor(private readonly options: OpMessageIndexOptions) {
    this.baseOpOffset = options.opOffset;
    this.nextOpOffset = options.opOffset;
  }

  /** True when every op message up to now has been read (or the run's read budget is spent). */
  get exhausted(): boolean {
    return this.fullyRead;
  }

  /**
   * Has the half message at `halfOffset` ended? A hit marks its op done. With `readAll`, op messages
   * are read until one is found or none (within budget) is left.
   */
  take(halfOffset: number, readAll: boolean): boolean {
    for (;;) {
      const opOffset = this.pending.get(halfOffset);
      if (opOffset !== undefined) {
        this.pending.delete(halfOffset);
        this.done.push(opOffset);
        return true;
      }
      if (!readAll || this.fullyRead) return false;
      this.readBatch();
    }
  }

  /** take(), also counting op messages for half offsets the scan had passed before this run. */
  hasEnded(halfOffset: number): boolean {
    return this.endedEarlier.has(halfOffset) || this.take(halfOffset, true);
  }

  /** The op progress after this run: past every done op message that follows it without a gap. */
  nextProgress(): number {
    const done = new Set(this.done);
    let offset = this.baseOpOffset;
    while (done.has(offset)) offset += 1;
    return offset;
  }

  /** Reads the next batch of op messages (at most OP_PULL_BATCH, within the run's budget). */
  readBatch(): void {
    const { store, queueId, readMax, logger } = this.options;
    if (this.fullyRead) return;
    const want = Math.min(OP_PULL_BATCH, readMax - this.read);
    if (want <= 0) {
      logger.warn({ queueId, readMax }, 'transaction check: op message budget of this run spent');
      this.fullyRead = true;
      return;
    }
    const result = store.getMessage(
      CID_RMQ_SYS_TRANS,
      SystemTopic.TRANS_OP_HALF,
      queueId,
      this.nextOpOffset,
      want,
    );
    if (result.status !== 'FOUND' || result.messages.length === 0) {
      this.fullyRead = true;
      if (isIllegalOffset(result.status) && this.read === 0) {
        logger.warn(
          { queueId, opOffset: this.nextOpOffset, status: result.status, next: result.nextBeginOffset },
          'transaction check: op progress is not a valid offset; moving it',
        );
        this.baseOpOffset = result.nextBeginOffset;
      }
      return;
    }
    result.messages.forEach((raw, i) => this.index(raw, result.queueOffsets[i] ?? this.nextOpOffset + i));
    this.read += result.messages.length;
    this.nextOpOffset = result.nextBeginOffset;
  }

  private index(raw: Buffer, opOffset: number): void {
    let halfOffset: number | undefined;
    let tag: string | undefined;
    try {
      const op = decodeStoredMessage(raw);
      halfOffset = halfOffsetOfOpBody(op.body);
      tag = decodeMessageProperties(op.propertiesString).get(MessageConst.PROPERTY_TAGS);
    } catch (err) {
      this.options.logger.error({ opOffset, err: String(err) }, 'transaction check: unreadable op message');
    }
    if (halfOffset === undefined || tag !== REMOVE_TAG) {
      this.options.logger.error({ opOffset, tag }, 'transaction check: illegal op message skipped');
      this.done.push(opOffset);
    } else if (halfOffset < this.options.halfOffset) {
      this.endedEarlier.add(halfOffset);
      this.done.push(opOffset);
    } else if (this.pending.has(halfOffset)) {
      this.done.push(opOffset); // a second op for the same half message
    } else {
      this.pending.set(halfOffset, opOffset);
    }
  }
}

function isIllegalOffset(status: string): boolean {
  return status !== 'NO_MESSAGE_IN_QUEUE' && status !== 'OFFSET_OVERFLOW_ONE' && status !== 'FOUND';
}
