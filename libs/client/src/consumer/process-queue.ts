/**
 * ProcessQueue: the messages pulled from one queue and not yet done. The consumed offset may only
 * move to the smallest offset still in flight (or past the largest when none is), so a crash
 * redelivers what was not finished rather than skipping it. Orderly consumption moves messages
 * into a "consuming" set and commits them together.
 */
import { MessageExt } from '../message/message-ext';

/** A client-side lock lives this long without renewal (Java REBALANCE_LOCK_MAX_LIVE_TIME). */
export const LOCK_MAX_LIVE_TIME_MS = 30_000;

export class ProcessQueue {
  /** Ascending offsets of messages held (pulled, not done, not being consumed orderly). */
  private readonly offsets: number[] = [];
  private readonly messages = new Map<number, MessageExt>();
  private readonly consumingOrderly = new Map<number, MessageExt>();
  private queueOffsetMax = -1;
  dropped = false;
  locked = false;
  lastLockTimestampMs = 0;
  /** An orderly consume loop is running for this queue. */
  consuming = false;

  get msgCount(): number {
    return this.messages.size + this.consumingOrderly.size;
  }

  isLockExpired(nowMs = Date.now()): boolean {
    return nowMs - this.lastLockTimestampMs > LOCK_MAX_LIVE_TIME_MS;
  }

  putMessages(msgs: readonly MessageExt[]): void {
    for (const msg of msgs) {
      if (this.messages.has(msg.queueOffset) || this.consumingOrderly.has(msg.queueOffset)) continue;
      this.messages.set(msg.queueOffset, msg);
      this.offsets.splice(this.insertionIndex(msg.queueOffset), 0, msg.queueOffset);
      if (msg.queueOffset > this.queueOffsetMax) this.queueOffsetMax = msg.queueOffset;
    }
  }

  /** Drops msgs as done; returns the offset to commit, or -1 when nothing was ever held. */
  removeMessages(msgs: readonly MessageExt[]): number {
    if (this.queueOffsetMax < 0) return -1;
    for (const msg of msgs) {
      if (!this.messages.delete(msg.queueOffset)) continue;
      const at = this.insertionIndex(msg.queueOffset);
      if (this.offsets[at] === msg.queueOffset) this.offsets.splice(at, 1);
    }
    return this.offsets.length > 0 ? (this.offsets[0] as number) : this.queueOffsetMax + 1;
  }

  /** Orderly: the next n messages by offset, moved to the consuming set. */
  takeMessages(n: number): MessageExt[] {
    const out: MessageExt[] = [];
    while (out.length < n && this.offsets.length > 0) {
      const offset = this.offsets.shift() as number;
      const msg = this.messages.get(offset) as MessageExt;
      this.messages.delete(offset);
      this.consumingOrderly.set(offset, msg);
      out.push(msg);
    }
    return out;
  }

  /** Orderly: the consuming set is done; returns the offset after it, or -1 if it was empty. */
  commit(): number {
    if (this.consumingOrderly.size === 0) return -1;
    const next = Math.max(...this.consumingOrderly.keys()) + 1;
    this.consumingOrderly.clear();
    return next;
  }

  /** Orderly: give the consuming messages back, to be taken again first. */
  makeMessageToConsumeAgain(msgs: readonly MessageExt[]): void {
    for (const msg of msgs) {
      this.consumingOrderly.delete(msg.queueOffset);
      this.messages.set(msg.queueOffset, msg);
      this.offsets.splice(this.insertionIndex(msg.queueOffset), 0, msg.queueOffset);
    }
  }

  private insertionIndex(offset: number): number {
    let lo = 0;
    let hi = this.offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.offsets[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
