/**
 * Routing: request code -> handler, with at most handlerConcurrencyMax handlers running (beyond
 * that: SYSTEM_BUSY at once, never a queue). Replies copy the request's opaque and serialize type
 * and set the RESPONSE flag; a ONEWAY request never gets a reply. Errors map here, once: RmqError ->
 * its responseCode and message; anything else -> SYSTEM_ERROR with a short remark, no stack.
 */
import { createResponse, isOneway, isRmqError, RemotingCommand, RemotingFlag } from '@rmq/protocol';
import { Channel } from './channel';
import { ConnectionClosedError } from './errors/connection-closed.error';
import { NOOP_REMOTING_LOGGER, RemotingLogger } from './remoting-logger';
import {
  RemotingSysResponseCode,
  requestCodeNotSupportedRemark,
  SHUTTING_DOWN_REMARK,
  SYSTEM_BUSY_REMARK,
} from './remoting-sys-response-code';

export interface RequestContext {
  channel: Channel;
}

/**
 * Answers one request. Return the response (opaque, flag and serialize type are fixed up), or
 * undefined to send nothing now (e.g. a held long poll that later calls ctx.channel.send itself).
 */
export type RequestHandler = (
  request: RemotingCommand,
  ctx: RequestContext,
) => Promise<RemotingCommand | undefined | void> | RemotingCommand | undefined | void;

export const HANDLER_CONCURRENCY_MAX_DEFAULT = 1024;
/** Distinct codes counted one by one in requestsByCode; others add up under -1. */
const CODES_TRACKED_MAX = 1024;
const ERROR_REMARK_CHARS_MAX = 200;

export interface RequestDispatcherOptions {
  handlerConcurrencyMax?: number;
  logger?: RemotingLogger;
}

export interface RequestDispatcherStats {
  requestsByCode: Record<number, number>;
  handlerErrors: number;
  busyRejections: number;
  unsupportedRequests: number;
  handlersActive: number;
}

export class RequestDispatcher {
  readonly handlerConcurrencyMax: number;
  private readonly logger: RemotingLogger;
  private readonly handlers = new Map<number, RequestHandler>();
  private defaultHandler: RequestHandler | undefined;
  private draining = false;
  private active = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly requestsByCode = new Map<number, number>();
  private handlerErrors = 0;
  private busyRejections = 0;
  private unsupportedRequests = 0;

  constructor(options: RequestDispatcherOptions = {}) {
    this.handlerConcurrencyMax = options.handlerConcurrencyMax ?? HANDLER_CONCURRENCY_MAX_DEFAULT;
    this.logger = options.logger ?? NOOP_REMOTING_LOGGER;
    if (!Number.isInteger(this.handlerConcurrencyMax) || this.handlerConcurrencyMax < 1) {
      throw new RangeError(
        `handlerConcurrencyMax must be a positive integer, got ${this.handlerConcurrencyMax}`,
      );
    }
  }

  get activeCount(): number {
    return this.active;
  }

  registerHandler(code: number, handler: RequestHandler): void {
    this.handlers.set(code, handler);
  }

  setDefaultHandler(handler: RequestHandler | undefined): void {
    this.defaultHandler = handler;
  }

  /** From now on every request is answered SYSTEM_BUSY (the owner is shutting down). */
  startDraining(): void {
    this.draining = true;
  }

  dispatch(request: RemotingCommand, channel: Channel): void {
    this.countRequest(request.code);
    if (this.draining) {
      this.reply(request, channel, this.busy(request, SHUTTING_DOWN_REMARK));
      return;
    }
    const handler = this.handlers.get(request.code) ?? this.defaultHandler;
    if (handler === undefined) {
      this.unsupportedRequests += 1;
      const remark = requestCodeNotSupportedRemark(request.code);
      this.reply(
        request,
        channel,
        createResponse(request, RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED, { remark }),
      );
      return;
    }
    if (this.active >= this.handlerConcurrencyMax) {
      this.busyRejections += 1;
      this.reply(request, channel, this.busy(request, SYSTEM_BUSY_REMARK));
      return;
    }
    this.active += 1;
    void this.run(handler, request, channel).finally(() => this.onHandlerDone());
  }

  /** Resolves true once no handler runs, or false when timeoutMs passes first. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.active === 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== onIdle);
        resolve(false);
      }, timeoutMs);
      const onIdle = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(onIdle);
    });
  }

  stats(): RequestDispatcherStats {
    return {
      requestsByCode: Object.fromEntries(this.requestsByCode),
      handlerErrors: this.handlerErrors,
      busyRejections: this.busyRejections,
      unsupportedRequests: this.unsupportedRequests,
      handlersActive: this.active,
    };
  }

  private async run(handler: RequestHandler, request: RemotingCommand, channel: Channel): Promise<void> {
    let response: RemotingCommand | undefined | void;
    try {
      response = await handler(request, { channel });
    } catch (err) {
      this.handlerErrors += 1;
      response = this.errorResponse(request, err, channel);
    }
    if (response) this.reply(request, channel, response);
  }

  private onHandlerDone(): void {
    this.active -= 1;
    if (this.active > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }

  private errorResponse(request: RemotingCommand, err: unknown, channel: Channel): RemotingCommand {
    const logContext = { addr: channel.remoteAddr, code: request.code, opaque: request.opaque };
    if (isRmqError(err)) {
      this.logger.debug({ ...logContext, errorCode: err.code, context: err.context }, err.message);
      return createResponse(request, err.responseCode, { remark: err.message });
    }
    this.logger.error({ ...logContext, err }, 'request handler failed');
    const message = err instanceof Error ? err.message : String(err);
    const remark = `system error: ${message.slice(0, ERROR_REMARK_CHARS_MAX)}`;
    return createResponse(request, RemotingSysResponseCode.SYSTEM_ERROR, { remark });
  }

  private busy(request: RemotingCommand, remark: string): RemotingCommand {
    return createResponse(request, RemotingSysResponseCode.SYSTEM_BUSY, { remark });
  }

  private reply(request: RemotingCommand, channel: Channel, response: RemotingCommand): void {
    if (isOneway(request)) return;
    const fixed: RemotingCommand = {
      ...response,
      opaque: request.opaque,
      flag: response.flag | RemotingFlag.RESPONSE,
      serializeType: request.serializeType,
    };
    try {
      channel.send(fixed);
    } catch (err) {
      // The peer leaving before its answer is routine; anything else (encoding, buffer full) is not.
      const reason = err instanceof Error ? err.message : String(err);
      const log = err instanceof ConnectionClosedError ? this.logger.debug : this.logger.warn;
      log.call(
        this.logger,
        { addr: channel.remoteAddr, code: request.code, opaque: request.opaque, reason },
        'reply not sent',
      );
    }
  }

  private countRequest(code: number): void {
    const key = this.requestsByCode.has(code) || this.requestsByCode.size < CODES_TRACKED_MAX ? code : -1;
    this.requestsByCode.set(key, (this.requestsByCode.get(key) ?? 0) + 1);
  }
}
