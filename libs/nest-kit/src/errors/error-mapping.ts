/**
 * The one place where errors become answers: a RocketMQ ResponseCode for remoting peers, an HTTP
 * status for REST callers. RmqErrors carry their own ResponseCode; anything else is a bug and
 * becomes SYSTEM_ERROR / 500 with a short message and no stack sent to the peer.
 */
import { HttpException } from '@nestjs/common';
import { isRmqError } from '@rmq/protocol';

export const SYSTEM_ERROR = 1;
const NOT_FOUND_CODES = new Set([17, 22, 24, 26, 206, 208]); // TOPIC_NOT_EXIST, QUERY_NOT_FOUND, ...
const CONFLICT_CODES = new Set([18]); // TOPIC_EXIST_ALREADY
const UNAVAILABLE_CODES = new Set([2, 10, 11, 12, 14]); // busy, flush/slave timeouts, service not available
/**
 * RocketMQ answers bad input with SYSTEM_ERROR, which is 500 for HTTP; these error codes mark
 * input the caller got wrong, so REST callers get 400 for them.
 */
const BAD_INPUT_ERROR_CODES = new Set([
  'BAD_REQUEST',
  'MISSING_HEADER_FIELD',
  'INVALID_HEADER_FIELD',
  'MALFORMED_BODY',
  'MALFORMED_JSON',
]);

export interface RemotingErrorReply {
  code: number;
  remark: string;
}

export function toRemotingErrorReply(err: unknown): RemotingErrorReply {
  if (isRmqError(err)) return { code: err.responseCode, remark: err.message };
  return { code: SYSTEM_ERROR, remark: 'internal error' };
}

export interface HttpErrorReply {
  status: number;
  body: { error: string; message: string; responseCode?: number };
}

export function toHttpErrorReply(err: unknown): HttpErrorReply {
  if (err instanceof HttpException) {
    return { status: err.getStatus(), body: { error: err.name, message: err.message } };
  }
  if (isRmqError(err)) {
    return {
      status: BAD_INPUT_ERROR_CODES.has(err.code) ? 400 : httpStatusOf(err.responseCode),
      body: { error: err.code, message: err.message, responseCode: err.responseCode },
    };
  }
  return { status: 500, body: { error: 'INTERNAL_ERROR', message: 'internal error' } };
}

function httpStatusOf(responseCode: number): number {
  if (NOT_FOUND_CODES.has(responseCode)) return 404;
  if (CONFLICT_CODES.has(responseCode)) return 409;
  if (UNAVAILABLE_CODES.has(responseCode)) return 503;
  if (responseCode === 16) return 403; // NO_PERMISSION
  if (responseCode === SYSTEM_ERROR) return 500;
  return 400;
}
