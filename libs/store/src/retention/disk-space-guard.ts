/**
 * Marks the store "disk full" while the commit log's disk is used above diskSpaceWarningLevelRatio
 * (90 %), and writable again once it is at or below it (RocketMQ 4.9.7's
 * CleanCommitLogService.isSpaceFull, run every 10 s, with RunningFlags' DISK_FULL bit). While full,
 * puts are refused with SERVICE_NOT_AVAILABLE. Each transition is logged once and reported to the
 * listeners. A failed measurement keeps the current state (RocketMQ would mark the disk OK).
 */
import type { PutMessageResult } from '../message-store';
import { NOOP_RETENTION_LOGGER, RetentionLogger } from './retention-logger';
import { DiskUsageProbe } from './retention-ports';

export interface DiskSpaceEvent {
  readonly writable: boolean;
  readonly usedPercent: number;
  readonly limitPercent: number;
}

export type DiskSpaceListener = (event: DiskSpaceEvent) => void;

export interface DiskSpaceGuardConfig {
  /** Percent above which the disk is full (rocketmq.broker.diskSpaceWarningLevelRatio, 90). */
  readonly diskSpaceWarningLevelRatio?: number;
}

/** Timers, injectable so tests never wait. */
export interface IntervalScheduler {
  setInterval(task: () => void, intervalMs: number): unknown;
  clearInterval(handle: unknown): void;
}

const GLOBAL_SCHEDULER: IntervalScheduler = {
  setInterval: (task, intervalMs) => {
    const handle = setInterval(task, intervalMs);
    handle.unref();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export class DiskSpaceGuard {
  private readonly limitPercent: number;
  private readonly listeners = new Set<DiskSpaceListener>();
  private writable = true;
  private usedPercent = -1;
  private timer: unknown;

  constructor(
    private readonly probe: DiskUsageProbe,
    config: DiskSpaceGuardConfig = {},
    private readonly logger: RetentionLogger = NOOP_RETENTION_LOGGER,
    private readonly scheduler: IntervalScheduler = GLOBAL_SCHEDULER,
  ) {
    this.limitPercent = config.diskSpaceWarningLevelRatio ?? 90;
  }

  isWritable(): boolean {
    return this.writable;
  }

  /** The last measurement (negative before the first, or when it failed). */
  lastUsedPercent(): number {
    return this.usedPercent;
  }

  /** Adds a listener for transitions; returns a function that removes it. */
  onChange(listener: DiskSpaceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Measures once and updates the state; returns isWritable(). */
  check(): boolean {
    let used: number;
    try {
      used = this.probe.usedPercent();
    } catch (err) {
      used = -1;
      this.logger.warn({ err }, 'disk usage probe failed');
    }
    this.usedPercent = used;
    if (used < 0) {
      this.logger.warn({ writable: this.writable }, 'disk usage unknown; keeping the current state');
      return this.writable;
    }
    const writable = used <= this.limitPercent;
    if (writable !== this.writable) this.transition(writable, used);
    return this.writable;
  }

  /** What a put must answer while the disk is full; undefined while writable. */
  refusal(): PutMessageResult | undefined {
    if (this.writable) return undefined;
    return {
      status: 'SERVICE_NOT_AVAILABLE',
      remark: `the broker's disk is full: ${this.usedPercent}% used, above the ${this.limitPercent}% limit`,
    };
  }

  /** Checks now and then every `intervalMs` (cleanResourceInterval) until stop(). */
  start(intervalMs: number): void {
    if (this.timer !== undefined) return;
    this.check();
    this.timer = this.scheduler.setInterval(() => this.check(), intervalMs);
  }

  stop(): void {
    if (this.timer === undefined) return;
    this.scheduler.clearInterval(this.timer);
    this.timer = undefined;
  }

  private transition(writable: boolean, usedPercent: number): void {
    this.writable = writable;
    const event = { writable, usedPercent, limitPercent: this.limitPercent };
    if (writable) this.logger.info(event, 'commit-log disk has space again; store writable');
    else this.logger.error(event, 'commit-log disk full; store refuses puts');
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.logger.warn({ err }, 'disk space listener threw');
      }
    }
  }
}
