/** No response arrived for a request within its timeout. Retriable: the peer may just be slow. */
import { RmqError } from '@rmq/protocol';

export interface RequestTimeoutContext {
  opaque: number;
  code: number;
  addr: string;
  timeoutMs: number;
}

export class RequestTimeoutError extends RmqError {
  constructor(context: RequestTimeoutContext) {
    super(
      'REQUEST_TIMEOUT',
      1,
      `request code ${context.code} opaque ${context.opaque} to ${context.addr} timed out after ${context.timeoutMs} ms`,
      { retriable: true, context: { ...context } },
    );
  }
}
