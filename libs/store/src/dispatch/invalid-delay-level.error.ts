import { RmqError, RmqErrorOptions } from '@rmq/protocol';

/**
 * messageDelayLevel is not a space-separated list of <integer><s|m|h|d> words. A configuration
 * error: it stops the store from starting, so it is never sent to a peer (SYSTEM_ERROR, 1).
 */
export class InvalidDelayLevelError extends RmqError {
  constructor(message: string, options: RmqErrorOptions = {}) {
    super('INVALID_DELAY_LEVEL', 1, message, options);
  }
}
