/**
 * What the fake NameServer and fake broker share: a RemotingServer on 127.0.0.1 (real TCP) that
 * records every request and lets a test script the answer to any code before the fake's own
 * default behaviour runs.
 */
import { RemotingCommand } from '@rmq/protocol';
import { RemotingServer, RequestContext } from '@rmq/remoting';

/** Return a response to answer with, or undefined to fall through to the default behaviour. */
export type ScriptedHandler = (
  request: RemotingCommand,
  ctx: RequestContext,
) => RemotingCommand | undefined | Promise<RemotingCommand | undefined>;

export const LOOPBACK = '127.0.0.1';
const CLOSE_GRACE_MS = 100;

export abstract class ScriptedServer {
  readonly requests: RemotingCommand[] = [];
  private readonly overrides = new Map<number, ScriptedHandler>();

  protected constructor(
    protected readonly server: RemotingServer,
    readonly port: number,
  ) {
    server.setDefaultHandler((request, ctx) => this.dispatch(request, ctx));
  }

  get addr(): string {
    return `${LOOPBACK}:${this.port}`;
  }

  override(code: number, handler: ScriptedHandler | undefined): void {
    if (handler === undefined) this.overrides.delete(code);
    else this.overrides.set(code, handler);
  }

  requestsWithCode(code: number): RemotingCommand[] {
    return this.requests.filter((r) => r.code === code);
  }

  close(): Promise<void> {
    return this.server.close({ graceMs: CLOSE_GRACE_MS });
  }

  /** The fake's own answer to a request no script answered. */
  protected abstract answer(
    request: RemotingCommand,
    ctx: RequestContext,
  ): Promise<RemotingCommand | undefined> | RemotingCommand | undefined;

  private async dispatch(
    request: RemotingCommand,
    ctx: RequestContext,
  ): Promise<RemotingCommand | undefined> {
    this.requests.push(request);
    const scripted = await this.overrides.get(request.code)?.(request, ctx);
    return scripted ?? this.answer(request, ctx);
  }
}
