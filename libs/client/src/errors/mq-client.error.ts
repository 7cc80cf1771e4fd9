/**
 * Errors the client raises itself (bad arguments, no route, not started, a send that ran out of
 * retries). `responseCode` is the broker's code when one caused it, else -1 as in Java's
 * MQClientException.
 */
import { RmqError, RmqErrorOptions } from '@rmq/protocol';

export type MQClientErrorCode =
  | 'ILLEGAL_ARGUMENT'
  | 'ILLEGAL_STATE'
  | 'NO_NAMESRV'
  | 'NO_ROUTE'
  | 'BROKER_NOT_FOUND'
  | 'SEND_FAILED'
  | 'TIMEOUT';

export class MQClientError extends RmqError {
  constructor(
    code: MQClientErrorCode,
    message: string,
    options: RmqErrorOptions & { responseCode?: number } = {},
  ) {
    super(code, options.responseCode ?? -1, message, options);
  }
}
