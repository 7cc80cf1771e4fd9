/**
 * One unref'd interval timer per server or client that sweeps all its channels (request deadlines,
 * idle checks). O(channels + in-flight) per tick, no timer churn per request.
 */
export const SWEEP_INTERVAL_MS_DEFAULT = 100;

export class PeriodicSweep {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly tick: () => void,
  ) {
    if (!(intervalMs > 0)) throw new RangeError(`sweepIntervalMs must be > 0, got ${intervalMs}`);
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(this.tick, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
