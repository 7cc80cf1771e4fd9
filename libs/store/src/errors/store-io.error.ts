import { RmqError, RmqErrorOptions } from '@rmq/protocol';

/**
 * A read, write or fsync of a store file failed. Sticky: once a file has failed, every later write
 * or flush of that file fails with the same error (its state on disk is no longer known).
 * SYSTEM_ERROR (1) at the broker; retriable, since another broker may take the message.
 */
export class StoreIoError extends RmqError {
  constructor(message: string, options: RmqErrorOptions = {}) {
    super('STORE_IO_ERROR', 1, message, { retriable: true, ...options });
  }
}
