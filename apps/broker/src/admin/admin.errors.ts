/** Refusals specific to the admin codes (protocol.md §2.1); the rest reuse errors/broker.errors.ts. */
import { ResponseCode, RmqError } from '@rmq/protocol';

export class ConsumerNotOnlineError extends RmqError {
  constructor(group: string) {
    super(
      'CONSUMER_NOT_ONLINE',
      ResponseCode.CONSUMER_NOT_ONLINE,
      `the consumer group[${group}] not online`,
      {
        context: { group },
      },
    );
  }
}

export class ProducerNotOnlineError extends RmqError {
  constructor(group: string) {
    super('PRODUCER_NOT_ONLINE', ResponseCode.SYSTEM_ERROR, `the producer group[${group}] not exist`, {
      context: { group },
    });
  }
}

/** A config key that may not change while the broker runs (UPDATE_BROKER_CONFIG). */
export class ConfigNotUpdatableError extends RmqError {
  constructor(message: string, keys: string[]) {
    super('BAD_REQUEST', ResponseCode.SYSTEM_ERROR, message, { context: { keys } });
  }
}
