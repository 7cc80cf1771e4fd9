/** A TCP connect was refused or failed (ECONNREFUSED, EHOSTUNREACH, ...). */
import { RmqError } from '@rmq/protocol';

export class ConnectFailedError extends RmqError {
  constructor(addr: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super('CONNECT_FAILED', 1, `connect to ${addr} failed: ${detail}`, {
      retriable: true,
      cause,
      context: { addr },
    });
  }
}
