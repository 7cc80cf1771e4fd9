/**
 * A real RocketMQ client against our NameServer: ali-ons (the npm pure-JavaScript remoting client,
 * which sends header version 121 and parses route bodies with JSON2) asks bin/mqnamesrv for routes.
 * A pretend master and slave register first over our own remoting client, as brokers do.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  createRequest,
  encodeRegisterBrokerBody,
  newTopicConfig,
  RegisterBrokerRequestHeader,
  RequestCode,
  ResponseCode,
} from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { freePort, makeTempDir, ManagedProcess, WORKSPACE_ROOT } from '@rmq/testing';

interface AliOnsRoute {
  queueDatas: { brokerName: string; readQueueNums: number; writeQueueNums: number; perm: number }[];
  brokerDatas: { brokerName: string; cluster: string; brokerAddrs: Record<string, string> }[];
}

interface AliOnsClientApi {
  ready(): Promise<void>;
  close(): Promise<void>;
  getTopicRouteInfoFromNameServer(topic: string, timeoutMs: number): Promise<AliOnsRoute>;
}

type AliOnsClientApiClass = new (options: Record<string, unknown>) => AliOnsClientApi;

// ali-ons ships no types; its MQClientAPI is what its producers and consumers call for routes.
const MQClientAPI = require('ali-ons/lib/mq_client_api') as AliOnsClientApiClass;
const urllib = require('urllib') as unknown;

const quietLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

describe('ali-ons (a real RocketMQ client) reads routes from bin/mqnamesrv', () => {
  const tmp = makeTempDir('namesrv-ali-ons');
  let namesrv: ManagedProcess;
  let addr: string;
  const brokers = [new RemotingClient(), new RemotingClient()];

  beforeAll(async () => {
    const port = await freePort();
    addr = `127.0.0.1:${port}`;
    const conf = path.join(tmp.dir, 'namesrv.properties');
    writeFileSync(conf, `listenPort=${port}\nhttpListenPort=${await freePort()}\nbindAddress=127.0.0.1\n`);
    namesrv = ManagedProcess.start(path.join(WORKSPACE_ROOT, 'bin', 'mqnamesrv'), ['-c', conf], {
      env: { HOME: tmp.dir },
    });
    await namesrv.waitForOutput(/Name Server boot success/);
    for (const [brokerId, client] of brokers.entries()) {
      const brokerAddr = `127.0.0.1:${10911 + brokerId * 1000}`;
      const header = RegisterBrokerRequestHeader.encode({
        brokerName: 'broker-a',
        brokerAddr,
        clusterName: 'DefaultCluster',
        haServerAddr: `127.0.0.1:${10912 + brokerId * 1000}`,
        brokerId,
        compressed: false,
        bodyCrc32: 0,
      });
      const topicConfigTable = new Map([
        ['OrderEvents', newTopicConfig('OrderEvents', { readQueueNums: 4, writeQueueNums: 4 })],
      ]);
      const body = encodeRegisterBrokerBody({
        topicConfigSerializeWrapper: { dataVersion: { counter: 1, timestamp: Date.now() }, topicConfigTable },
        filterServerList: [],
      });
      const response = await client.invoke(
        addr,
        createRequest(RequestCode.REGISTER_BROKER, header, body),
        5000,
      );
      expect(response.code).toBe(ResponseCode.SUCCESS);
    }
  });

  /** ali-ons' own MQClientAPI against our NameServer, closed afterwards. */
  async function withClientApi(use: (api: AliOnsClientApi) => Promise<void>): Promise<void> {
    const api = new MQClientAPI({
      nameSrv: addr,
      httpclient: urllib,
      logger: quietLogger,
      responseTimeout: 5000,
    });
    await api.ready();
    try {
      await use(api);
    } finally {
      await api.close();
    }
  }

  afterAll(async () => {
    await Promise.all(brokers.map((b) => b.close()));
    await namesrv.stop('SIGKILL');
    tmp.remove();
  });

  it('gets the route of a topic, master and slave addresses included', async () => {
    await withClientApi(async (api) => {
      const route = await api.getTopicRouteInfoFromNameServer('OrderEvents', 5000);
      expect(route.queueDatas).toEqual([
        expect.objectContaining({ brokerName: 'broker-a', readQueueNums: 4, writeQueueNums: 4, perm: 6 }),
      ]);
      expect(route.brokerDatas).toEqual([
        expect.objectContaining({
          brokerName: 'broker-a',
          cluster: 'DefaultCluster',
          brokerAddrs: { '0': '127.0.0.1:10911', '1': '127.0.0.1:11911' },
        }),
      ]);
    });
  });

  it('gets RocketMQ\'s "no route" error for an unknown topic', async () => {
    await withClientApi(async (api) => {
      await expect(api.getTopicRouteInfoFromNameServer('NoSuchTopic', 5000)).rejects.toThrow(/NoSuchTopic/);
    });
  });
});
