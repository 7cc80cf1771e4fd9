/**
 * ASYNC_FLUSH (RocketMQ's FlushRealTimeService): every flushIntervalCommitLog ms, fsync the commit
 * log when at least flushCommitLogLeastPages × 4096 bytes are unflushed, and fsync whatever is
 * unflushed once flushCommitLogThoroughInterval ms have passed since the last thorough flush.
 * Puts never wait for it: they complete once their bytes reached the OS, which survives a process
 * crash (not a power cut), RocketMQ's ASYNC_FLUSH promise.
 */
import { OS_PAGE_BYTES } from '../store-config';

export interface FlushRealTimeOptions {
  readonly intervalMs: number;
  readonly leastPages: number;
  readonly thoroughIntervalMs: number;
  /** Monotonic ms. */
  readonly now: () => number;
  readonly onError: (error: unknown) => void;
}

export interface FlushTarget {
  unflushedBytes(): number;
  flush(): Promise<number>;
}

export class FlushRealTimeService {
  private timer: NodeJS.Timeout | undefined;
  private lastThoroughMs: number;
  private running: Promise<void> = Promise.resolve();
  private started = false;

  constructor(
    private readonly target: FlushTarget,
    private readonly options: FlushRealTimeOptions,
  ) {
    this.lastThoroughMs = options.now();
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule();
  }

  /** Stops the timer and waits for a flush in progress. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One tick: flushes if a threshold is met; resolves true when it flushed. */
  async runOnce(): Promise<boolean> {
    const now = this.options.now();
    const thorough = now - this.lastThoroughMs >= this.options.thoroughIntervalMs;
    const unflushed = this.target.unflushedBytes();
    const leastBytes = thorough ? 1 : Math.max(1, this.options.leastPages * OS_PAGE_BYTES);
    if (thorough) this.lastThoroughMs = now;
    if (unflushed < leastBytes) return false;
    await this.target.flush();
    return true;
  }

  private schedule(): void {
    if (!this.started) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.runOnce().then(
        () => this.schedule(),
        (err: unknown) => {
          this.options.onError(err);
          this.schedule();
        },
      );
    }, this.options.intervalMs);
    this.timer.unref();
  }
}
