import { RmqError, RmqErrorOptions } from './rmq-error';

/** SYSTEM_ERROR (1): a frame whose header cannot be decoded. The connection that sent it is closed. */
export class MalformedFrameError extends RmqError {
  constructor(message: string, options: RmqErrorOptions = {}) {
    super('MALFORMED_FRAME', 1, message, options);
  }
}
