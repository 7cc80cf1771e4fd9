/**
 * The client's one RemotingClient plus the NameServer list. NameServer calls go to the current
 * address; a network failure moves on to the next (round robin) and tries again, at most once per
 * address, like Java's MQClientAPIImpl. Broker calls go to the address given. `expectCode` turns an
 * unexpected response code into an MQBrokerError naming the address that answered.
 */
import { createRequest, RemotingCommand, ResponseCode } from '@rmq/protocol';
import { RemotingClient, RemotingLogger, RequestHandler } from '@rmq/remoting';
import { MQBrokerError } from '../errors/mq-broker.error';
import { MQClientError } from '../errors/mq-client.error';
import { isNetworkError } from '../errors/network-error';

export class ClientRemoting {
  readonly client: RemotingClient;
  private namesrvIndex = 0;

  constructor(
    private readonly namesrvAddrs: readonly string[],
    private readonly logger: RemotingLogger,
    client?: RemotingClient,
  ) {
    if (namesrvAddrs.length === 0) throw new MQClientError('NO_NAMESRV', 'no NameServer address');
    this.client = client ?? new RemotingClient({ logger });
    // Start at a random address so many clients spread over the NameServers.
    this.namesrvIndex = Math.floor(Math.random() * namesrvAddrs.length);
  }

  get currentNamesrvAddr(): string {
    return this.namesrvAddrs[this.namesrvIndex % this.namesrvAddrs.length] as string;
  }

  get allNamesrvAddrs(): readonly string[] {
    return this.namesrvAddrs;
  }

  setRequestHandler(handler: RequestHandler): void {
    this.client.setRequestHandler(handler);
  }

  /** One request to a NameServer, rotating past unreachable ones; returns the raw response. */
  async invokeNamesrv(request: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    let lastError: unknown;
    for (let attempt = 0; attempt < this.namesrvAddrs.length; attempt += 1) {
      const addr = this.currentNamesrvAddr;
      try {
        return await this.client.invoke(addr, { ...request, opaque: freshOpaque() }, timeoutMs);
      } catch (err) {
        if (!isNetworkError(err)) throw err;
        lastError = err;
        this.namesrvIndex = (this.namesrvIndex + 1) % this.namesrvAddrs.length;
        this.logger.warn({ addr, code: request.code, err }, 'NameServer unreachable; trying the next one');
      }
    }
    throw new MQClientError('NO_NAMESRV', `no NameServer answered request ${request.code}`, {
      cause: lastError,
      retriable: true,
    });
  }

  /** invokeNamesrv that insists on `code` (SUCCESS by default). */
  async invokeNamesrvExpect(
    request: RemotingCommand,
    timeoutMs: number,
    code: number = ResponseCode.SUCCESS,
  ): Promise<RemotingCommand> {
    const response = await this.invokeNamesrv(request, timeoutMs);
    return expectCode(response, this.currentNamesrvAddr, request.code, code);
  }

  invoke(addr: string, request: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    return this.client.invoke(addr, request, timeoutMs);
  }

  /** A request to a broker that must answer one of `codes` (SUCCESS by default). */
  async invokeExpect(
    addr: string,
    request: RemotingCommand,
    timeoutMs: number,
    ...codes: number[]
  ): Promise<RemotingCommand> {
    const response = await this.client.invoke(addr, request, timeoutMs);
    return expectCode(response, addr, request.code, ...codes);
  }

  invokeOneway(addr: string, request: RemotingCommand): Promise<void> {
    return this.client.invokeOneway(addr, request);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

export function expectCode(
  response: RemotingCommand,
  addr: string,
  requestCode: number,
  ...codes: number[]
): RemotingCommand {
  const accepted = codes.length === 0 ? [ResponseCode.SUCCESS] : codes;
  if (!accepted.includes(response.code))
    throw new MQBrokerError(response.code, response.remark, addr, requestCode);
  return response;
}

/** A retry of a request must not reuse its opaque on a new channel's in-flight table. */
function freshOpaque(): number {
  return createRequest(0).opaque;
}
