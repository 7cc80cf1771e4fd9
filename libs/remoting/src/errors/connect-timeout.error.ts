/** A TCP connect did not complete within connectTimeoutMs. */
import { RmqError } from '@rmq/protocol';

export class ConnectTimeoutError extends RmqError {
  constructor(addr: string, connectTimeoutMs: number) {
    super('CONNECT_TIMEOUT', 1, `connect to ${addr} timed out after ${connectTimeoutMs} ms`, {
      retriable: true,
      context: { addr, connectTimeoutMs },
    });
  }
}
