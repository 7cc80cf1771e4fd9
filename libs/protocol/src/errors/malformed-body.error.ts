/**
 * SYSTEM_ERROR (1): a body that parses but does not have the shape of the RocketMQ body class it
 * should hold (a field of the wrong type, a compressed register body that is cut short, ...).
 */
import { RmqError, RmqErrorOptions } from './rmq-error';

export class MalformedBodyError extends RmqError {
  constructor(
    readonly bodyName: string,
    message: string,
    options: RmqErrorOptions = {},
  ) {
    super('MALFORMED_BODY', 1, `${bodyName}: ${message}`, {
      ...options,
      context: { body: bodyName, ...options.context },
    });
  }
}
