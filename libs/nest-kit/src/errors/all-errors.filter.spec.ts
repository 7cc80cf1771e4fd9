import type { ArgumentsHost } from '@nestjs/common';
import { lastValueFrom, Observable } from 'rxjs';
import type { Logger } from '@rmq/observability';
import { RmqError } from '@rmq/protocol';
import { RemotingReply } from '../transport/remoting-reply';
import { AllErrorsFilter } from './all-errors.filter';

describe('AllErrorsFilter on remoting requests', () => {
  const lines: Array<[string, string]> = [];
  const logger = {
    warn: (_obj: object, msg: string) => lines.push(['warn', msg]),
    error: (_obj: object, msg: string) => lines.push(['error', msg]),
  } as unknown as Logger;
  const rpcHost = { getType: () => 'rpc' } as unknown as ArgumentsHost;
  const filter = new AllErrorsFilter(logger);
  beforeEach(() => (lines.length = 0));

  it('answers a typed refusal with its code and logs one warn line', async () => {
    const reply = filter.catch(new RmqError('TOPIC_NOT_EXIST', 17, 'topic[T] not exist'), rpcHost);
    expect(await lastValueFrom(reply as Observable<RemotingReply>)).toEqual({
      code: 17,
      remark: 'topic[T] not exist',
    });
    expect(lines).toEqual([['warn', 'request refused: topic[T] not exist']]);
  });

  it('answers a bug with SYSTEM_ERROR, no details, and logs it as an error', async () => {
    const reply = filter.catch(new TypeError('x is undefined'), rpcHost);
    expect(await lastValueFrom(reply as Observable<RemotingReply>)).toEqual({
      code: 1,
      remark: 'internal error',
    });
    expect(lines).toEqual([['error', 'remoting handler failed']]);
  });
});
