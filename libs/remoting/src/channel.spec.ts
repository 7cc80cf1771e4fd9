import { createServer, Server, Socket } from 'node:net';
import { createRequest, encodeCommand, RemotingCommand } from '@rmq/protocol';
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

  it('handles at most framesPerTurnMax frames of one read per turn, the rest in order on later turns', async () => {
    // Frames delivered in one synchronous run share a batch number (a microtask ends the run).
    const delivered: Array<{ opaque: number; batch: number }> = [];
    let batch = 0;
    let inRun = false;
    const { channel, peer, server } = await channelPair({
      framesPerTurnMax: 2,
      onRequest: (request: RemotingCommand) => {
        if (!inRun) {
          batch += 1;
          inRun = true;
          queueMicrotask(() => (inRun = false));
        }
        delivered.push({ opaque: request.opaque, batch });
      },
    });
    cleanup.push(
      () => peer.destroy(),
      () => server.close(),
    );
    const frames = [1, 2, 3, 4, 5].map((opaque) => encodeCommand({ ...createRequest(10), opaque }));
    peer.socket.write(Buffer.concat(frames));
    await waitUntil(() => delivered.length === 5);
    expect(delivered.map((d) => d.opaque)).toEqual([1, 2, 3, 4, 5]);
    // Two per turn: frames 1-2 together, 3-4 together, 5 alone.
    expect(delivered.map((d) => d.batch)).toEqual([1, 1, 2, 2, 3]);
    // The socket reads again once the backlog is handled.
    peer.socket.write(encodeCommand({ ...createRequest(10), opaque: 6 }));
    await waitUntil(() => delivered.length === 6);
    await channel.close();
  });

  it('handles the whole frames before a broken one, then closes as malformed', async () => {
    const delivered: number[] = [];
    const { channel, peer, server } = await channelPair({
      framesPerTurnMax: 1,
      onRequest: (request: RemotingCommand) => delivered.push(request.opaque),
    });
    cleanup.push(
      () => peer.destroy(),
      () => server.close(),
    );
    const reasons: ChannelCloseReason[] = [];
    channel.on('close', (reason) => reasons.push(reason));
    const good = [7, 8, 9].map((opaque) => encodeCommand({ ...createRequest(10), opaque }));
    const negativeLength = Buffer.from('ffffffff', 'hex');
    peer.socket.write(Buffer.concat([...good, negativeLength]));
    await channel.closed;
    expect(delivered).toEqual([7, 8, 9]);
    expect(reasons).toEqual(['malformed']);
  });

  it('refuses a framesPerTurnMax below 1', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => server.close());
    const socket = new Socket();
    cleanup.push(() => socket.destroy());
    expect(() => new Channel(socket, { framesPerTurnMax: 0 })).toThrow(/framesPerTurnMax/);
  });
});

async function waitUntil(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
