/**
 * Process test: a broker started as users start it (`bin/mqbroker -n "ns1;ns2"`) registers with
 * every NameServer, re-registers when a topic is created so clients find its route on both, and
 * unregisters from both when it is stopped gracefully (SIGTERM, as bin/mqshutdown sends).
 */
import {
  createRequest,
  CreateTopicRequestHeader,
  decodeClusterInfo,
  decodeTopicRouteData,
  GetRouteInfoRequestHeader,
  RequestCode,
  ResponseCode,
} from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { startAppProcess, StartedApp, waitFor } from '@rmq/testing';

const TIMEOUT_MS = 5_000;

describe('broker registration with two NameServers (processes)', () => {
  const client = new RemotingClient();
  let namesrvs: StartedApp[] = [];
  let broker: StartedApp | undefined;

  beforeAll(async () => {
    namesrvs = await Promise.all([1, 2].map(() => startAppProcess('mqnamesrv', /Name Server boot success/)));
    const namesrvAddr = namesrvs.map((n) => `127.0.0.1:${n.listenPort}`).join(';');
    broker = await startAppProcess('mqbroker', /boot success/, [
      '-n',
      namesrvAddr,
      '--brokerName=broker-r',
      '--brokerIP1=127.0.0.1',
    ]);
  });
  afterAll(async () => {
    await broker?.stop();
    await Promise.all(namesrvs.map((n) => n.stop()));
    await client.close();
  });

  const brokersKnownTo = async (namesrv: StartedApp): Promise<string[]> => {
    const r = await client.invoke(
      `127.0.0.1:${namesrv.listenPort}`,
      createRequest(RequestCode.GET_BROKER_CLUSTER_INFO),
      TIMEOUT_MS,
    );
    return [...decodeClusterInfo(r.body ?? Buffer.from('{}')).brokerAddrTable.keys()];
  };

  it('is listed by both NameServers once started', async () => {
    for (const namesrv of namesrvs) expect(await brokersKnownTo(namesrv)).toEqual(['broker-r']);
  });

  it('publishes a topic created on it to both NameServers', async () => {
    const header = CreateTopicRequestHeader.encode({
      topic: 'RegisteredTopic',
      defaultTopic: 'TBW102',
      readQueueNums: 3,
      writeQueueNums: 3,
      perm: 6,
      topicFilterType: 'SINGLE_TAG',
      order: false,
    });
    const created = await client.invoke(
      `127.0.0.1:${broker?.listenPort}`,
      createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC, header),
      TIMEOUT_MS,
    );
    expect(created.code).toBe(ResponseCode.SUCCESS);
    for (const namesrv of namesrvs) {
      const route = await waitFor('the route on the NameServer', async () => {
        const r = await client.invoke(
          `127.0.0.1:${namesrv.listenPort}`,
          createRequest(
            RequestCode.GET_ROUTEINFO_BY_TOPIC,
            GetRouteInfoRequestHeader.encode({ topic: 'RegisteredTopic' }),
          ),
          TIMEOUT_MS,
        );
        return r.code === ResponseCode.SUCCESS ? decodeTopicRouteData(r.body ?? Buffer.alloc(0)) : undefined;
      });
      expect(route.queueDatas).toEqual([
        expect.objectContaining({ brokerName: 'broker-r', writeQueueNums: 3 }),
      ]);
      expect(route.brokerDatas[0]?.brokerAddrs.get(0)).toBe(`127.0.0.1:${broker?.listenPort}`);
    }
  });

  it('leaves both NameServers when stopped gracefully, and exits 0', async () => {
    const running = broker;
    broker = undefined;
    await running?.process.stop('SIGTERM');
    expect(await running?.process.waitForExit()).toBe(0);
    for (const namesrv of namesrvs) expect(await brokersKnownTo(namesrv)).toEqual([]);
    expect(running?.process.text()).toContain('shutting down');
  });
});
