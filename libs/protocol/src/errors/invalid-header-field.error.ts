/**
 * SYSTEM_ERROR (1): an extFields value that does not parse as its declared type (e.g. a non-numeric
 * queueId) or that the header's own check rejects (e.g. an unknown topicFilterType).
 */
import { RmqError, RmqErrorOptions } from './rmq-error';

export class InvalidHeaderFieldError extends RmqError {
  constructor(
    readonly headerName: string,
    readonly fieldName: string,
    readonly value: string,
    reason: string,
    options: RmqErrorOptions = {},
  ) {
    super(
      'INVALID_HEADER_FIELD',
      1,
      `the custom field <${fieldName}> = "${value}" ${reason} (${headerName})`,
      {
        ...options,
        context: { header: headerName, field: fieldName, value, ...options.context },
      },
    );
  }
}
