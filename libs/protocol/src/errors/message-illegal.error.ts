/**
 * MESSAGE_ILLEGAL (13): a message that cannot be encoded within RocketMQ's limits (topic longer than
 * 127 bytes, properties longer than 32 767 bytes). The broker answers 13 for these.
 */
import { RmqError, RmqErrorOptions } from './rmq-error';

export class MessageIllegalError extends RmqError {
  constructor(message: string, options: RmqErrorOptions = {}) {
    super('MESSAGE_ILLEGAL', 13, message, options);
  }
}
