/**
 * Correlation: opaque -> pending request awaiting its response, for one channel. Bounded by
 * inFlightMax (a full table refuses at once). Deadlines are checked by sweep(), which the owner
 * calls from ONE periodic timer for all its channels (no timer per request); every pending entry
 * ends exactly once: completed, timed out, or rejected when the channel closes.
 */
import { RemotingCommand } from '@rmq/protocol';
import { InFlightLimitExceededError } from './errors/in-flight-limit-exceeded.error';
import { RequestTimeoutError } from './errors/request-timeout.error';
import { NOOP_REMOTING_LOGGER, RemotingLogger } from './remoting-logger';

/** Per-channel in-flight requests; the Java client bounds async calls at 65535 per process. */
export const IN_FLIGHT_MAX_DEFAULT = 65536;

interface PendingRequest {
  code: number;
  timeoutMs: number;
  deadlineMs: number;
  resolve(response: RemotingCommand): void;
  reject(err: Error): void;
}

export interface InFlightTableOptions {
  /** Remote address, for error context and logs. */
  addr: string;
  inFlightMax?: number;
  logger?: RemotingLogger;
}

export class InFlightTable {
  readonly inFlightMax: number;
  private readonly addr: string;
  private readonly logger: RemotingLogger;
  private readonly pending = new Map<number, PendingRequest>();
  private closedBy: Error | undefined;

  constructor(options: InFlightTableOptions) {
    this.addr = options.addr;
    this.inFlightMax = options.inFlightMax ?? IN_FLIGHT_MAX_DEFAULT;
    this.logger = options.logger ?? NOOP_REMOTING_LOGGER;
    if (!Number.isInteger(this.inFlightMax) || this.inFlightMax < 1) {
      throw new RangeError(`inFlightMax must be a positive integer, got ${this.inFlightMax}`);
    }
  }

  get size(): number {
    return this.pending.size;
  }

  /**
   * Registers a request before it is written; `timeoutMs` is what the caller asked for (reported in
   * the timeout error), `deadlineMs` when sweep() gives up (clock time). Throws InFlightLimitExceededError when full, the
   * close error after rejectAll(), and a plain Error for a duplicate opaque (a caller bug).
   */
  add(opaque: number, code: number, timeoutMs: number, deadlineMs: number): Promise<RemotingCommand> {
    if (this.closedBy !== undefined) throw this.closedBy;
    if (this.pending.size >= this.inFlightMax) {
      throw new InFlightLimitExceededError(this.addr, this.inFlightMax, code);
    }
    if (this.pending.has(opaque)) throw new Error(`opaque ${opaque} is already in flight to ${this.addr}`);
    if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${timeoutMs}`);
    return new Promise<RemotingCommand>((resolve, reject) => {
      this.pending.set(opaque, { code, timeoutMs, deadlineMs, resolve, reject });
    });
  }

  /** Completes the request a response answers. An unmatched response is logged and dropped. */
  complete(response: RemotingCommand): boolean {
    const entry = this.pending.get(response.opaque);
    if (entry === undefined) {
      this.logger.warn(
        { addr: this.addr, opaque: response.opaque, code: response.code },
        'response matches no request in flight (late or unknown); dropped',
      );
      return false;
    }
    this.pending.delete(response.opaque);
    entry.resolve(response);
    return true;
  }

  /** Ends one request with an error (e.g. its write failed). */
  fail(opaque: number, err: Error): boolean {
    const entry = this.pending.get(opaque);
    if (entry === undefined) return false;
    this.pending.delete(opaque);
    entry.reject(err);
    return true;
  }

  /** Rejects every request whose deadline has passed; returns how many. O(size). */
  sweep(nowMs: number): number {
    let expiredCount = 0;
    for (const [opaque, entry] of this.pending) {
      if (entry.deadlineMs > nowMs) continue;
      this.pending.delete(opaque);
      expiredCount += 1;
      entry.reject(
        new RequestTimeoutError({ opaque, code: entry.code, addr: this.addr, timeoutMs: entry.timeoutMs }),
      );
    }
    return expiredCount;
  }

  /** Rejects everything pending with err and refuses later adds with it (the channel closed). */
  rejectAll(err: Error): void {
    this.closedBy = err;
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) entry.reject(err);
  }
}
