/**
 * SYSTEM_ERROR (1): a request lacks an extFields entry its header declares required (`@CFNotNull`).
 * RocketMQ's broker ends up answering SYSTEM_ERROR for such a request, so do we.
 */
import { RmqError, RmqErrorOptions } from './rmq-error';

export class MissingHeaderFieldError extends RmqError {
  constructor(
    readonly headerName: string,
    readonly fieldName: string,
    options: RmqErrorOptions = {},
  ) {
    super('MISSING_HEADER_FIELD', 1, `the custom field <${fieldName}> is null (${headerName})`, {
      ...options,
      context: { header: headerName, field: fieldName, ...options.context },
    });
  }
}
