/**
 * The single exception filter of every app. Remoting handlers get a reply carrying the mapped
 * ResponseCode (the request is answered, never dropped); HTTP handlers get a JSON error body.
 */
import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { Observable, of } from 'rxjs';
import type { Logger } from '@rmq/observability';
import { isRmqError } from '@rmq/protocol';
import { RemotingReply } from '../transport/remoting-reply';
import { toHttpErrorReply, toRemotingErrorReply } from './error-mapping';

interface HttpResponseLike {
  status(code: number): { json(body: unknown): void };
}

@Catch()
export class AllErrorsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<RemotingReply> | void {
    if (host.getType() === 'rpc') {
      const reply = toRemotingErrorReply(exception);
      this.logRemotingFailure(exception, reply.code);
      return of(reply);
    }
    const { status, body } = toHttpErrorReply(exception);
    if (status >= 500) this.logger.error({ err: exception }, 'http handler failed');
    host.switchToHttp().getResponse<HttpResponseLike>().status(status).json(body);
  }

  /**
   * A refusal the world caused (bad header, missing topic, full disk) is the peer's news, not ours:
   * one warn line without a stack. Anything else is a bug: error, with the stack.
   */
  private logRemotingFailure(exception: unknown, code: number): void {
    if (isRmqError(exception)) {
      this.logger.warn(
        { code: exception.code, responseCode: code, context: exception.context },
        `request refused: ${exception.message}`,
      );
    } else {
      this.logger.error({ err: exception }, 'remoting handler failed');
    }
  }
}
