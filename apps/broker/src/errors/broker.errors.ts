/**
 * The broker's typed refusals. Each carries the RocketMQ ResponseCode a client expects for it
 * (protocol.md §2.1); nest-kit's one error mapping turns them into replies, so handlers just throw.
 */
import { ResponseCode, RmqError, RmqErrorOptions } from '@rmq/protocol';

export class TopicNotExistError extends RmqError {
  constructor(topic: string, hint = 'apply first please!') {
    super('TOPIC_NOT_EXIST', ResponseCode.TOPIC_NOT_EXIST, `topic[${topic}] not exist, ${hint}`, {
      context: { topic },
    });
  }
}

export class NoPermissionError extends RmqError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('NO_PERMISSION', ResponseCode.NO_PERMISSION, message, { context });
  }
}

export class SubscriptionGroupNotExistError extends RmqError {
  constructor(group: string) {
    super(
      'SUBSCRIPTION_GROUP_NOT_EXIST',
      ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
      `subscription group [${group}] does not exist`,
      { context: { group } },
    );
  }
}

/** A request the broker understands but whose content is wrong (bad topic name, queue out of range). */
export class BadRequestError extends RmqError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('BAD_REQUEST', ResponseCode.SYSTEM_ERROR, message, { context });
  }
}

export class ServiceNotAvailableError extends RmqError {
  constructor(message: string, options: RmqErrorOptions = {}) {
    super('SERVICE_NOT_AVAILABLE', ResponseCode.SERVICE_NOT_AVAILABLE, message, {
      retriable: true,
      ...options,
    });
  }
}

export class SubscriptionError extends RmqError {
  constructor(
    code: 'SUBSCRIPTION_PARSE_FAILED' | 'SUBSCRIPTION_NOT_EXIST' | 'SUBSCRIPTION_NOT_LATEST',
    message: string,
    context: Record<string, unknown> = {},
  ) {
    super(code, ResponseCode[code], message, { context });
  }
}

export class QueryNotFoundError extends RmqError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('QUERY_NOT_FOUND', ResponseCode.QUERY_NOT_FOUND, message, { context });
  }
}

export class SystemBusyError extends RmqError {
  constructor(message: string) {
    super('SYSTEM_BUSY', ResponseCode.SYSTEM_BUSY, message, { retriable: true });
  }
}

/** The broker could not do what was asked for a reason of the world (message gone, store refused). */
export class BrokerSystemError extends RmqError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('BROKER_SYSTEM_ERROR', ResponseCode.SYSTEM_ERROR, message, { context });
  }
}
