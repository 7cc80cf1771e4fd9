/**
 * SYSTEM_ERROR (1): bytes that should hold a stored message record, a batch entry or a message id
 * but do not (truncated, bad magic code, sizes that do not add up, bad hex).
 */
import { RmqError, RmqErrorOptions } from './rmq-error';

export class MalformedMessageError extends RmqError {
  constructor(message: string, options: RmqErrorOptions = {}) {
    super('MALFORMED_MESSAGE', 1, message, options);
  }
}
