/**
 * Spec helpers (not exported from the library): servers and clients on 127.0.0.1 with port 0,
 * closed after each test, and a decoder for bytes a raw TCP peer received.
 */
import { decodeCommand, RemotingCommand } from '@rmq/protocol';
import { FrameSplitter } from '../frame-splitter';
import { RemotingClient, RemotingClientOptions } from '../remoting-client';
import { RemotingServer, RemotingServerOptions } from '../remoting-server';

export const LOOPBACK_HOST = '127.0.0.1';

export class Loopback {
  private readonly servers: RemotingServer[] = [];
  private readonly clients: RemotingClient[] = [];
  private readonly cleanups: Array<() => void> = [];

  async server(
    options: Partial<RemotingServerOptions> = {},
  ): Promise<{ server: RemotingServer; port: number; addr: string }> {
    const server = new RemotingServer({ ...options, port: 0, host: LOOPBACK_HOST });
    this.servers.push(server);
    const { port } = await server.listen();
    return { server, port, addr: `${LOOPBACK_HOST}:${port}` };
  }

  client(options: RemotingClientOptions = {}): RemotingClient {
    const client = new RemotingClient(options);
    this.clients.push(client);
    return client;
  }

  /** Runs at teardown, before clients and servers close (e.g. releasing a held handler). */
  onTeardown(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  async teardown(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    await Promise.all(this.clients.splice(0).map((client) => client.close()));
    await Promise.all(this.servers.splice(0).map((server) => server.close({ graceMs: 100 })));
  }
}

/** Decodes every whole frame in bytes a raw peer received. */
export function decodeFrames(bytes: Buffer): RemotingCommand[] {
  const out: RemotingCommand[] = [];
  new FrameSplitter().push(bytes, (frame) => out.push(decodeCommand(frame)));
  return out;
}

/** A gate handlers can wait on; released by the test (or its teardown). */
export function gate(): { wait: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}
