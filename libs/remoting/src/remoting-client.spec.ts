import { createRequest, createResponse, isOneway, RemotingCommand } from '@rmq/protocol';
import { freePort, waitFor } from '@rmq/testing';
import { ChannelLimitExceededError } from './errors/channel-limit-exceeded.error';
import { ConnectFailedError } from './errors/connect-failed.error';
import { ConnectionClosedError } from './errors/connection-closed.error';
import { InFlightLimitExceededError } from './errors/in-flight-limit-exceeded.error';
import { InvalidAddressError } from './errors/invalid-address.error';
import { RequestTimeoutError } from './errors/request-timeout.error';
import { gate, Loopback } from './testing/loopback';

jest.setTimeout(15_000);

const ECHO = 1001;
const SILENT = 1003;
const loopback = new Loopback();
afterEach(() => loopback.teardown());

async function echoServer(options: Parameters<Loopback['server']>[0] = {}) {
  const started = await loopback.server(options);
  started.server.registerHandler(ECHO, (request) => createResponse(request, 0));
  // Never answers: the request stays in flight at the caller.
  started.server.registerHandler(SILENT, () => undefined);
  return started;
}

describe('RemotingClient', () => {
  it('shares one connect among concurrent callers and reuses the channel', async () => {
    const { server, addr } = await echoServer();
    let connects = 0;
    server.on('connect', () => (connects += 1));
    const client = loopback.client();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => client.invoke(addr, createRequest(ECHO), 2_000)),
    );
    expect(responses.every((response) => response.code === 0)).toBe(true);
    await client.invoke(addr, createRequest(ECHO), 2_000);
    expect(connects).toBe(1);
  });

  it('reconnects on the next call after the channel closed', async () => {
    const { server, addr } = await echoServer();
    const client = loopback.client();
    await client.invoke(addr, createRequest(ECHO), 2_000);
    await server.channelList()[0]!.close();
    await waitFor('the client to see the close', () => server.stats().connections === 0 || undefined, 3_000);
    await waitFor(
      'a successful call',
      async () => {
        const response = await client.invoke(addr, createRequest(ECHO), 2_000);
        return response.code === 0 || undefined;
      },
      3_000,
    );
    expect(server.stats().connectionsAccepted).toBe(2);
  });

  it('times out a request nobody answers with a retriable RequestTimeoutError', async () => {
    const { addr } = await echoServer();
    const client = loopback.client({ sweepIntervalMs: 20 });
    const request = createRequest(SILENT);
    const err = await client.invoke(addr, request, 200).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(err).toMatchObject({
      retriable: true,
      context: { opaque: request.opaque, code: SILENT, addr, timeoutMs: 200 },
    });
    const channel = await client.getChannel(addr);
    expect(channel.inFlightCount).toBe(0);
  });

  it('refuses at once beyond inFlightMax', async () => {
    const { addr } = await echoServer();
    const client = loopback.client({ inFlightMax: 2 });
    const first = client.invoke(addr, createRequest(SILENT), 10_000).catch((e: unknown) => e);
    const second = client.invoke(addr, createRequest(SILENT), 10_000).catch((e: unknown) => e);
    const refused = await client.invoke(addr, createRequest(SILENT), 10_000).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InFlightLimitExceededError);
    expect(refused).toMatchObject({ retriable: true, context: { inFlightMax: 2 } });
    await client.close();
    expect(await first).toBeInstanceOf(ConnectionClosedError);
    expect(await second).toBeInstanceOf(ConnectionClosedError);
  });

  it('rejects pending invokes with ConnectionClosedError when the connection closes', async () => {
    const { server, addr } = await echoServer();
    const client = loopback.client();
    const pending = client.invoke(addr, createRequest(SILENT), 10_000).catch((e: unknown) => e);
    await waitFor(
      'the request at the server',
      () => server.stats().requestsByCode[SILENT] === 1 || undefined,
      3_000,
    );
    server.channelList()[0]!.destroy();
    const err = await pending;
    expect(err).toBeInstanceOf(ConnectionClosedError);
    expect(err).toMatchObject({ retriable: true, context: { reason: 'peer' } });
  });

  it('sends invokeOneway with the ONEWAY flag and gets no reply', async () => {
    const { server, addr } = await echoServer();
    const seen: RemotingCommand[] = [];
    server.registerHandler(40, (request) => (seen.push(request), createResponse(request, 0)));
    const client = loopback.client();
    await client.invokeOneway(addr, createRequest(40, { consumerGroup: 'G' }));
    await waitFor('the oneway request', () => seen.length === 1 || undefined, 3_000);
    expect(isOneway(seen[0]!)).toBe(true);
    expect((await client.getChannel(addr)).inFlightCount).toBe(0);
  });

  it('answers server-initiated requests through its handler, or with code 3 without one', async () => {
    const { addr, server } = await echoServer();
    const client = loopback.client();
    await client.invoke(addr, createRequest(ECHO), 2_000);
    const channel = server.channelList()[0]!;
    expect(await channel.invoke(createRequest(220), 2_000)).toMatchObject({
      code: 3,
      remark: ' request type 220 not supported',
    });
    const held = gate();
    loopback.onTeardown(held.open);
    client.setRequestHandler(
      async (request) => (await held.wait, createResponse(request, 0, { remark: 'reset' })),
    );
    const answer = channel.invoke(createRequest(220), 2_000);
    held.open();
    expect(await answer).toMatchObject({ code: 0, remark: 'reset' });
  });

  it('fails a connect to a closed port with ConnectFailedError', async () => {
    const port = await freePort();
    const err = await loopback
      .client()
      .invoke(`127.0.0.1:${port}`, createRequest(ECHO), 2_000)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectFailedError);
    expect(err).toMatchObject({ retriable: true });
  });

  it('bounds the number of channels', async () => {
    const one = await echoServer();
    const two = await echoServer();
    const client = loopback.client({ channelsMax: 1 });
    await client.invoke(one.addr, createRequest(ECHO), 2_000);
    await expect(client.invoke(two.addr, createRequest(ECHO), 2_000)).rejects.toBeInstanceOf(
      ChannelLimitExceededError,
    );
  });

  it('rejects an address that is not host:port', async () => {
    await expect(loopback.client().invoke('127.0.0.1', createRequest(ECHO), 2_000)).rejects.toBeInstanceOf(
      InvalidAddressError,
    );
  });

  it('refuses calls after close()', async () => {
    const { addr } = await echoServer();
    const client = loopback.client();
    await client.invoke(addr, createRequest(ECHO), 2_000);
    await client.close();
    await expect(client.invoke(addr, createRequest(ECHO), 2_000)).rejects.toBeInstanceOf(
      ConnectionClosedError,
    );
  });
});
