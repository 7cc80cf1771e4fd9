/**
 * NestJS custom transport over libs/remoting: each `@RemotingHandler(code)` method becomes the
 * handler of that request code on a RemotingServer. Framing, correlation, limits and replies to
 * unknown codes stay in libs/remoting; this class only routes into Nest and measures.
 */
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { MetricsRegistry, Logger } from '@rmq/observability';
import { RemotingCommand, requestCodeName } from '@rmq/protocol';
import { Channel, RemotingServer, RemotingServerOptions } from '@rmq/remoting';
import { RemotingContext } from './remoting.context';
import { RemotingReply, toResponseCommand } from './remoting-reply';

export interface RemotingTransportOptions extends RemotingServerOptions {
  /** How long close() waits for handlers in progress before closing connections. */
  shutdownGraceMs: number;
  metrics?: MetricsRegistry;
  /** Called when a connection closes (the NameServer drops brokers registered on it). */
  onChannelClose?: (channel: Channel) => void;
}

export class RemotingTransportServer extends Server implements CustomTransportStrategy {
  readonly remoting: RemotingServer;
  private boundPort: number | undefined;

  constructor(
    private readonly options: RemotingTransportOptions,
    private readonly log: Logger,
  ) {
    super();
    this.remoting = new RemotingServer({ ...options, logger: log.child({ component: 'remoting-server' }) });
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      for (const pattern of this.messageHandlers.keys()) this.bindHandler(Number(pattern));
      this.watchConnections();
      const { port } = await this.remoting.listen();
      this.boundPort = port;
      callback();
    } catch (err) {
      callback(err);
    }
  }

  get port(): number | undefined {
    return this.boundPort;
  }

  private bindHandler(code: number): void {
    if (!Number.isInteger(code))
      throw new Error(`remoting handler pattern must be a request code, got ${code}`);
    const handler = this.getHandlerByPattern(String(code));
    if (!handler) throw new Error(`no handler bound for request code ${code}`);
    const observe = this.requestObserver(code);
    this.remoting.registerHandler(code, async (request, ctx) => {
      const startedNs = process.hrtime.bigint();
      const response = await this.invokeNestHandler(code, handler, request, ctx.channel);
      observe(response.code, Number(process.hrtime.bigint() - startedNs) / 1e9);
      return response;
    });
  }

  /**
   * Records one served request of `code`. The labelled children are looked up once per code and
   * response code (not per request): label validation was a visible share of a busy broker's time.
   */
  private requestObserver(code: number): (responseCode: number, seconds: number) => void {
    const metrics = this.options.metrics?.remoting;
    if (metrics === undefined) return () => undefined;
    const label = { code: String(code), request: requestCodeName(code) };
    const duration = metrics.requestDurationSeconds.labels(label);
    const totals = new Map<number, { inc(): void }>();
    return (responseCode, seconds) => {
      duration.observe(seconds);
      let total = totals.get(responseCode);
      if (total === undefined) {
        total = metrics.requestsTotal.labels({ ...label, response_code: String(responseCode) });
        totals.set(responseCode, total);
      }
      total.inc();
    };
  }

  private async invokeNestHandler(
    code: number,
    handler: MessageHandler,
    request: RemotingCommand,
    channel: Channel,
  ): Promise<RemotingCommand> {
    const context = new RemotingContext([channel, request]);
    const returned: unknown = await handler(request, context);
    // Nest hands back an Observable when interceptors wrap the handler, else the handler's own
    // result; only the former needs rxjs to be awaited.
    const result = (
      isObservable(returned) ? await lastValueFrom(returned, { defaultValue: undefined }) : await returned
    ) as RemotingReply | undefined;
    if (!result) throw new Error(`handler for request code ${code} returned no reply`);
    return toResponseCommand(request, result);
  }

  private watchConnections(): void {
    this.options.metrics?.observeRemotingServer(() => this.remoting.stats());
    this.remoting.on('close', (channel: Channel) => this.options.onChannelClose?.(channel));
  }

  async close(): Promise<void> {
    await this.remoting.close({ graceMs: this.options.shutdownGraceMs });
  }

  on(): never {
    throw new Error('RemotingTransportServer has no event listeners; use RemotingServer events');
  }

  unwrap<T>(): T {
    return this.remoting as T;
  }
}
