/**
 * The one error base of the project. Every error the world can cause (bad input, full disk, a peer
 * that went away) is an RmqError with a stable `code`, the RocketMQ ResponseCode a server answers
 * with, a `retriable` flag and context. Bugs stay plain Errors and become SYSTEM_ERROR at the edge.
 */
export interface RmqErrorOptions {
  retriable?: boolean;
  context?: Record<string, unknown>;
  cause?: unknown;
}

export class RmqError extends Error {
  /** Stable machine-readable name, e.g. `FRAME_TOO_LARGE`. */
  readonly code: string;
  /** RocketMQ ResponseCode to answer with (protocol.md §2.1). */
  readonly responseCode: number;
  readonly retriable: boolean;
  readonly context: Record<string, unknown>;

  constructor(code: string, responseCode: number, message: string, options: RmqErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.responseCode = responseCode;
    this.retriable = options.retriable ?? false;
    this.context = options.context ?? {};
  }
}

export function isRmqError(err: unknown): err is RmqError {
  return err instanceof RmqError;
}
