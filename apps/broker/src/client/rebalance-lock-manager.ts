/**
 * Queue locks of orderly consumers (RocketMQ's RebalanceLockManager): a queue of a group belongs to
 * one client at a time; a lock not renewed within `lockMaxLiveMs` (60 s) may be taken by another.
 */
import type { MessageQueue } from '@rmq/protocol';

export const REBALANCE_LOCK_MAX_LIVE_MS = 60_000;

interface LockEntry {
  clientId: string;
  lastUpdateTimestamp: number;
}

function mqKey(mq: MessageQueue): string {
  return `${mq.topic}\u0000${mq.brokerName}\u0000${mq.queueId}`;
}

export class RebalanceLockManager {
  private readonly groups = new Map<string, Map<string, LockEntry>>();

  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly lockMaxLiveMs = REBALANCE_LOCK_MAX_LIVE_MS,
  ) {}

  /** Locks (or renews) what it can for `clientId`; returns the queues the client now holds. */
  tryLockBatch(group: string, mqs: readonly MessageQueue[], clientId: string): MessageQueue[] {
    const locks = this.locksOf(group);
    const now = this.nowMs();
    const locked: MessageQueue[] = [];
    for (const mq of mqs) {
      const key = mqKey(mq);
      const entry = locks.get(key);
      const free = entry === undefined || now - entry.lastUpdateTimestamp > this.lockMaxLiveMs;
      if (free || entry.clientId === clientId) {
        locks.set(key, { clientId, lastUpdateTimestamp: now });
        locked.push(mq);
      }
    }
    return locked;
  }

  unlockBatch(group: string, mqs: readonly MessageQueue[], clientId: string): void {
    const locks = this.groups.get(group);
    if (locks === undefined) return;
    for (const mq of mqs) {
      const key = mqKey(mq);
      if (locks.get(key)?.clientId === clientId) locks.delete(key);
    }
    if (locks.size === 0) this.groups.delete(group);
  }

  isLockedBy(group: string, mq: MessageQueue, clientId: string): boolean {
    const entry = this.groups.get(group)?.get(mqKey(mq));
    return (
      entry !== undefined &&
      entry.clientId === clientId &&
      this.nowMs() - entry.lastUpdateTimestamp <= this.lockMaxLiveMs
    );
  }

  private locksOf(group: string): Map<string, LockEntry> {
    let locks = this.groups.get(group);
    if (locks === undefined) {
      locks = new Map();
      this.groups.set(group, locks);
    }
    return locks;
  }
}
