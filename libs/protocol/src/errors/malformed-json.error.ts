/** SYSTEM_ERROR (1): a JSON body that even the lenient fastjson-compatible parser cannot read. */
import { RmqError, RmqErrorOptions } from './rmq-error';

export class MalformedJsonError extends RmqError {
  constructor(
    message: string,
    readonly position: number,
    options: RmqErrorOptions = {},
  ) {
    super('MALFORMED_JSON', 1, `${message} at character ${position}`, {
      ...options,
      context: { position, ...options.context },
    });
  }
}
