/** The channel closed (or was already closed) before the request could be answered or written. */
import { RmqError } from '@rmq/protocol';

export class ConnectionClosedError extends RmqError {
  constructor(addr: string, reason: string, context: Record<string, unknown> = {}) {
    super('CONNECTION_CLOSED', 1, `connection to ${addr} closed (${reason})`, {
      retriable: true,
      context: { ...context, addr, reason },
    });
  }
}
