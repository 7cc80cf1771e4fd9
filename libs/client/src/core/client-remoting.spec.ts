import { createRequest, GetRouteInfoRequestHeader, RequestCode } from '@rmq/protocol';
import { NOOP_REMOTING_LOGGER } from '@rmq/remoting';
import { freePort } from '@rmq/testing';
import { MQClientError } from '../errors/mq-client.error';
import { FakeNamesrv } from '../testing/fake-namesrv';
import { parseNamesrvAddr } from './client-config';
import { ClientRemoting } from './client-remoting';

const routeRequest = () =>
  createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, GetRouteInfoRequestHeader.encode({ topic: 'T' }));

describe('ClientRemoting NameServer rotation', () => {
  let namesrv: FakeNamesrv;
  let remoting: ClientRemoting | undefined;

  beforeEach(async () => {
    namesrv = await FakeNamesrv.start(await freePort());
  });

  afterEach(async () => {
    await remoting?.close();
    await namesrv.close();
  });

  it('moves past an unreachable NameServer and stays on the one that answers', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    remoting = new ClientRemoting([dead, namesrv.addr], NOOP_REMOTING_LOGGER);
    for (let i = 0; i < 4; i += 1) {
      const response = await remoting.invokeNamesrv(routeRequest(), 1_000);
      expect(response.code).toBe(17); // the fake has no route for T: an answer, not a failure
    }
    expect(remoting.currentNamesrvAddr).toBe(namesrv.addr);
    expect(namesrv.requests).toHaveLength(4);
  });

  it('fails with NO_NAMESRV when none answers', async () => {
    remoting = new ClientRemoting(
      [`127.0.0.1:${await freePort()}`, `127.0.0.1:${await freePort()}`],
      NOOP_REMOTING_LOGGER,
    );
    const err = await remoting.invokeNamesrv(routeRequest(), 1_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MQClientError);
    expect(err).toMatchObject({ code: 'NO_NAMESRV', retriable: true });
  });

  it('parses namesrvAddr lists and rejects bad ones', () => {
    expect(parseNamesrvAddr('a:9876; b:9876;')).toEqual(['a:9876', 'b:9876']);
    expect(parseNamesrvAddr(['a:1'])).toEqual(['a:1']);
    expect(() => parseNamesrvAddr('')).toThrow(/empty/);
    expect(() => parseNamesrvAddr('nohostport')).toThrow(/host:port/);
  });
});
