import { createServer, Server, Socket } from 'node:net';
import { createRequest } from '@rmq/protocol';
import { connectRawTcp, RawTcpPeer } from '@rmq/testing';
import { Channel, ChannelCloseReason } from './channel';
import { FrameTooLargeError } from './errors/frame-too-large.error';
import { WriteBufferFullError } from './errors/write-buffer-full.error';

jest.setTimeout(15_000);

/** A Channel around the accepted side of a loopback connection, and the raw peer. */
async function channelPair(options: ConstructorParameters<typeof Channel>[1]): Promise<{
  channel: Channel;
  peer: RawTcpPeer;
  server: Server;
}> {
  const server = createServer();
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const peer = await connectRawTcp(port);
  return { channel: new Channel(await accepted, options), peer, server };
}

describe('Channel', () => {
  let cleanup: Array<() => void> = [];
  afterEach(() => {
    for (const step of cleanup) step();
    cleanup = [];
  });

  it('fails a write with WriteBufferFullError and closes when the peer stops reading', async () => {
    const { channel, peer, server } = await channelPair({ writeBufferBytesMax: 1024 * 1024 });
    cleanup.push(
      () => peer.destroy(),
      () => server.close(),
    );
    peer.socket.pause();
    const reasons: ChannelCloseReason[] = [];
    channel.on('close', (reason) => reasons.push(reason));
    const body = Buffer.alloc(256 * 1024, 1);
    let failure: unknown;
    for (let i = 0; i < 1_000 && failure === undefined; i += 1) {
      try {
        channel.invokeOneway(createRequest(10, undefined, body));
      } catch (err) {
        failure = err;
      }
    }
    expect(failure).toBeInstanceOf(WriteBufferFullError);
    expect(failure).toMatchObject({ retriable: true, context: { writeBufferBytesMax: 1024 * 1024 } });
    await channel.closed;
    expect(reasons).toEqual(['backpressure']);
  });

  it('refuses to send a frame above frameBytesMax without closing', async () => {
    const { channel, peer, server } = await channelPair({ frameBytesMax: 1024 });
    cleanup.push(
      () => peer.destroy(),
      () => server.close(),
    );
    expect(() => channel.invokeOneway(createRequest(10, undefined, Buffer.alloc(2048)))).toThrow(
      FrameTooLargeError,
    );
    expect(channel.isOpen).toBe(true);
    await channel.close();
  });

  it('refuses invoke() of a oneway or response command (a caller bug)', async () => {
    const { channel, peer, server } = await channelPair({});
    cleanup.push(
      () => peer.destroy(),
      () => server.close(),
    );
    const oneway = { ...createRequest(10), flag: 2 };
    await expect(channel.invoke(oneway, 1_000)).rejects.toThrow(/two-way request/);
    await channel.close();
  });
});
