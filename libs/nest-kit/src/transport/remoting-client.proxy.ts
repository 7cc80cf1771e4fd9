/**
 * NestJS ClientProxy over libs/remoting's RemotingClient, so Nest code can call RocketMQ servers with
 * `client.send({ addr, code }, { extFields, body })`. The observable emits the response command.
 */
import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import { createRequest, RemotingCommand } from '@rmq/protocol';
import { RemotingClient, RemotingClientOptions } from '@rmq/remoting';

export interface RemotingPattern {
  /** `host:port` of the server. */
  addr: string;
  code: number;
}

export interface RemotingRequestData {
  extFields?: Record<string, string>;
  body?: Buffer;
}

export interface RemotingClientProxyOptions extends RemotingClientOptions {
  requestTimeoutMs: number;
}

export class RemotingClientProxy extends ClientProxy {
  readonly client: RemotingClient;

  constructor(private readonly proxyOptions: RemotingClientProxyOptions) {
    super();
    this.client = new RemotingClient(proxyOptions);
  }

  async connect(): Promise<void> {
    // Channels are opened lazily, per address, on first use.
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  protected publish(
    packet: ReadPacket<RemotingRequestData>,
    callback: (packet: WritePacket) => void,
  ): () => void {
    const { addr, code } = packet.pattern as RemotingPattern;
    const request = createRequest(code, packet.data?.extFields, packet.data?.body);
    this.client
      .invoke(addr, request, this.proxyOptions.requestTimeoutMs)
      .then((response: RemotingCommand) => callback({ response, isDisposed: true }))
      .catch((err: unknown) => callback({ err, isDisposed: true }));
    return () => undefined;
  }

  protected async dispatchEvent<T = undefined>(packet: ReadPacket<RemotingRequestData>): Promise<T> {
    const { addr, code } = packet.pattern as RemotingPattern;
    await this.client.invokeOneway(addr, createRequest(code, packet.data?.extFields, packet.data?.body));
    return undefined as T;
  }

  unwrap<T>(): T {
    return this.client as T;
  }

  override on(): never {
    throw new Error('RemotingClientProxy has no event listeners');
  }
}
