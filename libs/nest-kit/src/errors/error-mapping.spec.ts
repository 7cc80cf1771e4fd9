/** The one error mapping: RmqErrors to ResponseCodes and HTTP statuses, anything else to 1 / 500. */
import { BadRequestException } from '@nestjs/common';
import { MissingHeaderFieldError, RmqError } from '@rmq/protocol';
import { toHttpErrorReply, toRemotingErrorReply } from './error-mapping';

describe('error mapping', () => {
  it('keeps the ResponseCode of an RmqError for remoting peers and hides other errors', () => {
    expect(toRemotingErrorReply(new RmqError('TOPIC_NOT_EXIST', 17, 'no topic'))).toEqual({
      code: 17,
      remark: 'no topic',
    });
    expect(toRemotingErrorReply(new Error('bug'))).toEqual({ code: 1, remark: 'internal error' });
  });

  it('maps ResponseCodes to HTTP statuses', () => {
    expect(toHttpErrorReply(new RmqError('TOPIC_NOT_EXIST', 17, 'x')).status).toBe(404);
    expect(toHttpErrorReply(new RmqError('CONSUMER_NOT_ONLINE', 206, 'x')).status).toBe(404);
    expect(toHttpErrorReply(new RmqError('NO_PERMISSION', 16, 'x')).status).toBe(403);
    expect(toHttpErrorReply(new RmqError('SOMETHING', 1, 'x')).status).toBe(500);
    expect(toHttpErrorReply(new Error('bug'))).toEqual({
      status: 500,
      body: { error: 'INTERNAL_ERROR', message: 'internal error' },
    });
    expect(toHttpErrorReply(new BadRequestException('nope')).status).toBe(400);
  });

  it('answers 400 for input errors even though their ResponseCode is SYSTEM_ERROR', () => {
    const bad = toHttpErrorReply(new RmqError('BAD_REQUEST', 1, '"topic" must be a non-empty string'));
    expect(bad).toEqual({
      status: 400,
      body: { error: 'BAD_REQUEST', message: '"topic" must be a non-empty string', responseCode: 1 },
    });
    expect(toHttpErrorReply(new MissingHeaderFieldError('H', 'topic')).status).toBe(400);
  });
});
