import {
  createRequest,
  createResponse,
  encodeCommand,
  isOneway,
  RemotingCommand,
  RemotingFlag,
  RmqError,
  SerializeType,
} from '@rmq/protocol';
import { connectRawTcp, waitFor } from '@rmq/testing';
import { Channel, ChannelCloseReason } from './channel';
import { ConnectionClosedError } from './errors/connection-closed.error';
import { decodeFrames, gate, Loopback } from './testing/loopback';

jest.setTimeout(15_000);

const ECHO = 1001;
const SLOW = 1002;
const loopback = new Loopback();
afterEach(() => loopback.teardown());

/** A handler answering SUCCESS with the request's extFields echoed back. */
const echo = (request: RemotingCommand): RemotingCommand =>
  createResponse(request, 0, { extFields: { echoed: request.extFields?.['v'] ?? '' } });

describe('RemotingServer request/response', () => {
  it.each([
    ['JSON', SerializeType.JSON],
    ['ROCKETMQ binary', SerializeType.ROCKETMQ],
  ])('answers a %s request in the same serialize type with the same opaque', async (_name, serializeType) => {
    const { server, addr } = await loopback.server();
    server.registerHandler(ECHO, echo);
    const request = createRequest(ECHO, { v: 'hello' }, Buffer.from('body'), serializeType);
    const response = await loopback.client().invoke(addr, request, 2_000);
    expect(response).toMatchObject({
      code: 0,
      opaque: request.opaque,
      serializeType,
      extFields: { echoed: 'hello' },
    });
    expect(response.flag & RemotingFlag.RESPONSE).toBe(RemotingFlag.RESPONSE);
  });

  it('writes the reply in the request type on the wire even when the handler builds another type', async () => {
    const { server, port } = await loopback.server();
    server.registerHandler(ECHO, (request) => ({
      ...createResponse(request, 0),
      serializeType: SerializeType.JSON,
    }));
    const peer = await connectRawTcp(port);
    const request = createRequest(ECHO, { v: 'x' }, undefined, SerializeType.ROCKETMQ);
    peer.socket.write(encodeCommand(request));
    await waitFor('a reply', () => peer.received().length > 8 || undefined, 3_000);
    expect(peer.received()[4]).toBe(SerializeType.ROCKETMQ);
    expect(decodeFrames(peer.received())[0]).toMatchObject({
      opaque: request.opaque,
      flag: RemotingFlag.RESPONSE,
    });
    peer.destroy();
  });

  it('never replies to a ONEWAY request, but still runs its handler', async () => {
    const { server, port } = await loopback.server();
    const seen: RemotingCommand[] = [];
    server.registerHandler(ECHO, (request) => (seen.push(request), echo(request)));
    const peer = await connectRawTcp(port);
    const oneway = createRequest(ECHO, { v: 'oneway' });
    oneway.flag |= RemotingFlag.ONEWAY;
    const twoWay = createRequest(ECHO, { v: 'two-way' });
    peer.socket.write(Buffer.concat([encodeCommand(oneway), encodeCommand(twoWay)]));
    await waitFor('the two-way reply', () => decodeFrames(peer.received()).length > 0 || undefined, 3_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(decodeFrames(peer.received()).map((reply) => reply.opaque)).toEqual([twoWay.opaque]);
    expect(seen.map((request) => isOneway(request))).toEqual([true, false]);
    peer.destroy();
  });

  it('answers an unknown code with 3 and the reference remark', async () => {
    const { addr } = await loopback.server();
    const response = await loopback.client().invoke(addr, createRequest(999), 2_000);
    expect(response).toMatchObject({ code: 3, remark: ' request type 999 not supported' });
  });

  it('sends every code to the default handler when one is set', async () => {
    const { server, addr } = await loopback.server();
    server.setDefaultHandler((request) => createResponse(request, 0, { remark: `default ${request.code}` }));
    const response = await loopback.client().invoke(addr, createRequest(4242), 2_000);
    expect(response).toMatchObject({ code: 0, remark: 'default 4242' });
  });

  it('maps a thrown RmqError to its responseCode and message', async () => {
    const { server, addr } = await loopback.server();
    server.registerHandler(ECHO, () => {
      throw new RmqError('TOPIC_NOT_EXIST', 17, 'topic T not exist');
    });
    const response = await loopback.client().invoke(addr, createRequest(ECHO), 2_000);
    expect(response).toMatchObject({ code: 17, remark: 'topic T not exist' });
  });

  it('maps any other throw to SYSTEM_ERROR with a short remark and no stack', async () => {
    const { server, addr } = await loopback.server();
    server.registerHandler(ECHO, async () => {
      throw new TypeError('x is not a function');
    });
    const response = await loopback.client().invoke(addr, createRequest(ECHO), 2_000);
    expect(response.code).toBe(1);
    expect(response.remark).toBe('system error: x is not a function');
    expect(server.stats().handlerErrors).toBe(1);
  });

  it('answers SYSTEM_BUSY at once beyond handlerConcurrencyMax, then serves again', async () => {
    const { server, addr } = await loopback.server({ handlerConcurrencyMax: 2 });
    const held = gate();
    loopback.onTeardown(held.open);
    server.registerHandler(SLOW, async (request) => (await held.wait, createResponse(request, 0)));
    const client = loopback.client();
    const first = client.invoke(addr, createRequest(SLOW), 5_000);
    const second = client.invoke(addr, createRequest(SLOW), 5_000);
    await waitFor('two handlers running', () => server.stats().handlersActive === 2 || undefined, 3_000);
    const busy = await client.invoke(addr, createRequest(SLOW), 2_000);
    expect(busy).toMatchObject({ code: 2, remark: '[OVERLOAD]system busy, start flow control for a while' });
    held.open();
    expect(await first).toMatchObject({ code: 0 });
    expect(await second).toMatchObject({ code: 0 });
    expect(await client.invoke(addr, createRequest(SLOW), 2_000)).toMatchObject({ code: 0 });
    expect(server.stats().busyRejections).toBe(1);
  });

  it('counts connections and requests by code', async () => {
    const { server, addr } = await loopback.server();
    server.registerHandler(ECHO, echo);
    const client = loopback.client();
    await client.invoke(addr, createRequest(ECHO), 2_000);
    await client.invoke(addr, createRequest(ECHO), 2_000);
    await client.invoke(addr, createRequest(77), 2_000);
    expect(server.stats()).toMatchObject({
      connections: 1,
      connectionsAccepted: 1,
      requestsByCode: { [ECHO]: 2, 77: 1 },
      unsupportedRequests: 1,
    });
  });
});

describe('RemotingServer broken peers', () => {
  it.each([
    ['garbage bytes', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
    ['an oversize length prefix', Buffer.from([0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0])],
    ['a negative length prefix', Buffer.from([0xff, 0xff, 0xff, 0xfe])],
    ['an undecodable header', Buffer.from([0, 0, 0, 8, 9, 0, 0, 0, 1, 2, 3, 4])],
  ])('closes only the connection that sent %s', async (_name, bytes) => {
    const { server, port, addr } = await loopback.server();
    server.registerHandler(ECHO, echo);
    const client = loopback.client();
    await client.invoke(addr, createRequest(ECHO), 2_000);
    const bad = await connectRawTcp(port);
    bad.socket.write(bytes);
    await bad.whenClosed(3_000);
    expect(await client.invoke(addr, createRequest(ECHO, { v: 'still' }), 2_000)).toMatchObject({
      code: 0,
      extFields: { echoed: 'still' },
    });
    await waitFor('the malformed count', () => server.stats().malformedFrameCloses === 1 || undefined, 3_000);
    expect(server.stats().connections).toBe(1);
  });

  it('accepts a frame exactly at frameBytesMax and closes the connection on one byte more', async () => {
    const frameBytesMax = 4096;
    const { server, port } = await loopback.server({ frameBytesMax });
    server.registerHandler(ECHO, (request) => createResponse(request, 0));
    const sized = (frameBytes: number): Buffer => {
      const request = createRequest(ECHO);
      const emptyBytes = encodeCommand(request).length;
      return encodeCommand({ ...request, body: Buffer.alloc(frameBytes - emptyBytes, 1) });
    };
    const peer = await connectRawTcp(port);
    const atLimit = sized(frameBytesMax);
    expect(atLimit.length).toBe(frameBytesMax);
    peer.socket.write(atLimit);
    await waitFor(
      'the reply at the limit',
      () => decodeFrames(peer.received()).length === 1 || undefined,
      3_000,
    );
    const overLimit = sized(frameBytesMax + 1);
    peer.socket.write(overLimit);
    await peer.whenClosed(3_000);
    expect(server.stats().malformedFrameCloses).toBe(1);
  });

  it('closes a connection idle for idleTimeoutMs', async () => {
    const { server, port } = await loopback.server({ idleTimeoutMs: 300, sweepIntervalMs: 50 });
    const peer = await connectRawTcp(port);
    await peer.whenClosed(3_000);
    await waitFor('the idle count', () => server.stats().idleCloses === 1 || undefined, 3_000);
  });
});

describe('RemotingServer lifecycle', () => {
  it('emits connect and close with the channel', async () => {
    const { server, port } = await loopback.server();
    const events: Array<[string, Channel, ChannelCloseReason?]> = [];
    server.on('connect', (channel) => events.push(['connect', channel]));
    server.on('close', (channel, reason) => events.push(['close', channel, reason]));
    const peer = await connectRawTcp(port);
    const peerPort = peer.socket.localPort;
    await waitFor('connect', () => events.length === 1 || undefined, 3_000);
    peer.destroy();
    await waitFor('close', () => events.length === 2 || undefined, 3_000);
    const [connect, close] = events;
    expect(connect![1]).toBe(close![1]);
    expect(close![2]).toBe('peer');
    expect(connect![1].remoteAddr).toBe(`127.0.0.1:${peerPort}`);
  });

  it('close() waits for a slow handler, refuses new work, then closes idle sockets', async () => {
    const { server, addr, port } = await loopback.server();
    const held = gate();
    loopback.onTeardown(held.open);
    server.registerHandler(
      SLOW,
      async (request) => (await held.wait, createResponse(request, 0, { remark: 'slow done' })),
    );
    const client = loopback.client();
    const idlePeer = await connectRawTcp(port);
    const slow = client.invoke(addr, createRequest(SLOW), 5_000);
    await waitFor('the handler running', () => server.stats().handlersActive === 1 || undefined, 3_000);
    let closed = false;
    const closing = server.close({ graceMs: 10_000 }).then(() => (closed = true));
    const duringClose = await client.invoke(addr, createRequest(SLOW), 2_000);
    expect(duringClose).toMatchObject({ code: 2, remark: '[SHUTDOWN]server is shutting down' });
    expect(idlePeer.isClosed()).toBe(false);
    expect(closed).toBe(false);
    held.open();
    expect(await slow).toMatchObject({ code: 0, remark: 'slow done' });
    await closing;
    await idlePeer.whenClosed(2_000);
    expect(server.stats().connections).toBe(0);
    await expect(connectRawTcp(port, 2_000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('close() gives up on a handler after graceMs, rejecting the caller with ConnectionClosedError', async () => {
    const { server, addr } = await loopback.server();
    const held = gate();
    loopback.onTeardown(held.open);
    server.registerHandler(SLOW, async (request) => (await held.wait, createResponse(request, 0)));
    const pending = loopback.client().invoke(addr, createRequest(SLOW), 10_000);
    await waitFor('the handler running', () => server.stats().handlersActive === 1 || undefined, 3_000);
    const rejected = expect(pending).rejects.toBeInstanceOf(ConnectionClosedError);
    await server.close({ graceMs: 200 });
    await rejected;
  });

  it('invokes a request on a client and receives its answer (server-initiated)', async () => {
    const { server, addr } = await loopback.server();
    server.registerHandler(ECHO, echo);
    const client = loopback.client();
    client.setRequestHandler((request) =>
      createResponse(request, 0, { remark: `client saw ${request.code}` }),
    );
    await client.invoke(addr, createRequest(ECHO), 2_000);
    const [channel] = server.channelList();
    const answer = await channel!.invoke(createRequest(307, { consumerGroup: 'G' }), 2_000);
    expect(answer).toMatchObject({ code: 0, remark: 'client saw 307' });
    expect(channel!.inFlightCount).toBe(0);
  });

  it('rejects listen() on a port in use', async () => {
    const { port } = await loopback.server();
    const { RemotingServer } = await import('./remoting-server');
    const second = new RemotingServer({ port, host: '127.0.0.1' });
    await expect(second.listen()).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await second.close({ graceMs: 0 });
  });
});
