/**
 * Process test: the NameServer as users run it (`bin/mqnamesrv -c file`), spoken to over real TCP
 * on 127.0.0.1 by two pretend brokers (master + slave of broker-a), then stopped with
 * `bin/mqshutdown namesrv`. Needs `npm run build` first (npm test does it).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import {
  createRequest,
  decodeClusterInfo,
  decodeTopicList,
  decodeTopicRouteData,
  encodeCommand,
  encodeRegisterBrokerBody,
  newTopicConfig,
  RegisterBrokerRequestHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
} from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import {
  connectRawTcp,
  freePort,
  makePrivateInstall,
  makeTempDir,
  ManagedProcess,
  waitFor,
  WORKSPACE_ROOT,
} from '@rmq/testing';

const BIN = path.join(WORKSPACE_ROOT, 'bin');
const TIMEOUT_MS = 5_000;

interface PretendBroker {
  brokerId: number;
  brokerAddr: string;
  haServerAddr: string;
  client: RemotingClient;
}

function registerRequest(broker: PretendBroker, topics: string[]): RemotingCommand {
  const topicConfigTable = new Map(
    topics.map((t) => [t, newTopicConfig(t, { readQueueNums: 4, writeQueueNums: 4 })]),
  );
  const body = encodeRegisterBrokerBody({
    topicConfigSerializeWrapper: { dataVersion: { counter: 1, timestamp: Date.now() }, topicConfigTable },
    filterServerList: [],
  });
  const header = RegisterBrokerRequestHeader.encode({
    brokerName: 'broker-a',
    brokerAddr: broker.brokerAddr,
    clusterName: 'DefaultCluster',
    haServerAddr: broker.haServerAddr,
    brokerId: broker.brokerId,
    compressed: false,
    bodyCrc32: 0,
  });
  return createRequest(RequestCode.REGISTER_BROKER, header, body);
}

/** Writes bytes on a fresh connection and resolves once the server closed it. */
async function sendRaw(port: number, bytes: Buffer): Promise<'closed'> {
  const peer = await connectRawTcp(port);
  peer.socket.write(bytes);
  await peer.whenClosed(TIMEOUT_MS);
  return 'closed';
}

describe('bin/mqnamesrv as a process', () => {
  const tmp = makeTempDir('namesrv');
  const install = makePrivateInstall(tmp.dir);
  let namesrv: ManagedProcess;
  let port: number;
  let httpPort: number;
  let addr: string;
  const tools = new RemotingClient();
  const master: PretendBroker = {
    brokerId: 0,
    brokerAddr: '127.0.0.1:10911',
    haServerAddr: '127.0.0.1:10912',
    client: new RemotingClient(),
  };
  const slave: PretendBroker = {
    brokerId: 1,
    brokerAddr: '127.0.0.1:11911',
    haServerAddr: '127.0.0.1:11912',
    client: new RemotingClient(),
  };

  const ask = (code: number, extFields?: Record<string, string>): Promise<RemotingCommand> =>
    tools.invoke(addr, createRequest(code, extFields), TIMEOUT_MS);

  beforeAll(async () => {
    port = await freePort();
    httpPort = await freePort();
    addr = `127.0.0.1:${port}`;
    const conf = path.join(tmp.dir, 'namesrv.properties');
    writeFileSync(
      conf,
      [
        `listenPort=${port}`,
        `httpListenPort=${httpPort}`,
        'bindAddress=127.0.0.1',
        `kvConfigPath=${tmp.dir}/kvConfig.json`,
      ].join('\n'),
    );
    // From a private install: the test ends with its bin/mqshutdown, which stops every NameServer
    // of its install (a developer's own, started from the workspace, must survive the test).
    namesrv = ManagedProcess.start(path.join(install, 'bin', 'mqnamesrv'), ['-c', conf], {
      env: { HOME: tmp.dir },
    });
    await namesrv.waitForOutput(/Name Server boot success/);
  });

  afterAll(async () => {
    await Promise.all([tools.close(), master.client.close(), slave.client.close()]);
    await namesrv.stop('SIGKILL');
    tmp.remove();
  });

  it('registers a master and a slave and tells the slave where its master is', async () => {
    const m = await master.client.invoke(addr, registerRequest(master, ['TopicA', 'TopicB']), TIMEOUT_MS);
    expect(m.code).toBe(ResponseCode.SUCCESS);
    expect(m.extFields).toEqual({});
    const s = await slave.client.invoke(addr, registerRequest(slave, ['TopicA']), TIMEOUT_MS);
    expect(s.code).toBe(ResponseCode.SUCCESS);
    expect(s.extFields).toEqual({ masterAddr: master.brokerAddr, haServerAddr: master.haServerAddr });
  });

  it('serves the route of a topic with both addresses', async () => {
    const response = await ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'TopicA' });
    expect(response.code).toBe(ResponseCode.SUCCESS);
    const route = decodeTopicRouteData(response.body ?? Buffer.alloc(0));
    expect(route.queueDatas).toEqual([
      { brokerName: 'broker-a', readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0 },
    ]);
    expect([...(route.brokerDatas[0]?.brokerAddrs ?? [])]).toEqual([
      [0, master.brokerAddr],
      [1, slave.brokerAddr],
    ]);
  });

  it('answers 17 for a topic nobody serves', async () => {
    const response = await ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'NoSuchTopic' });
    expect(response.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    expect(response.body).toBeUndefined();
  });

  it('serves cluster info and the topic list', async () => {
    const info = decodeClusterInfo((await ask(RequestCode.GET_BROKER_CLUSTER_INFO)).body ?? Buffer.alloc(0));
    expect(info.clusterAddrTable.get('DefaultCluster')).toEqual(['broker-a']);
    expect([...(info.brokerAddrTable.get('broker-a')?.brokerAddrs.keys() ?? [])].sort()).toEqual([0, 1]);
    const topics = decodeTopicList(
      (await ask(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).body ?? Buffer.alloc(0),
    );
    expect(topics.topicList.sort()).toEqual(['TopicA', 'TopicB']);
  });

  it('answers 3 to a code it does not serve', async () => {
    const response = await ask(9999);
    expect(response.code).toBe(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
  });

  it('closes a connection that sends garbage or an oversize frame and keeps serving the others', async () => {
    await expect(sendRaw(port, Buffer.from('00000008ffffffff7b7b7b7b', 'hex'))).resolves.toBe('closed');
    await expect(sendRaw(port, Buffer.from('7fffffff00000000', 'hex'))).resolves.toBe('closed');
    const frame = encodeCommand(createRequest(RequestCode.GET_BROKER_CLUSTER_INFO));
    frame.writeUInt32BE(0xffff0000, 4); // serialize type 255
    await expect(sendRaw(port, frame)).resolves.toBe('closed');
    expect((await ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'TopicA' })).code).toBe(
      ResponseCode.SUCCESS,
    );
    const again = await master.client.invoke(addr, registerRequest(master, ['TopicA', 'TopicB']), TIMEOUT_MS);
    expect(again.code).toBe(ResponseCode.SUCCESS);
  });

  it('serves Prometheus metrics and the REST view of the cluster', async () => {
    const metrics = await request(`http://127.0.0.1:${httpPort}`).get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.text).toMatch(/rocketmq_namesrv_live_brokers\{app="namesrv"\} 2/);
    expect(metrics.text).toMatch(/rocketmq_remoting_malformed_frames_total\{app="namesrv"\} 3/);
    expect(metrics.text).toMatch(
      /rocketmq_remoting_requests_total\{code="103",request="REGISTER_BROKER",response_code="0",app="namesrv"\} \d+/,
    );
    const cluster = await request(`http://127.0.0.1:${httpPort}`).get('/api/cluster').expect(200);
    expect(cluster.body.clusters).toEqual({ DefaultCluster: ['broker-a'] });
    expect(cluster.body.brokers[0].brokerAddrs['1']).toMatchObject({ addr: slave.brokerAddr, role: 'slave' });
    await request(`http://127.0.0.1:${httpPort}`).get('/health').expect(200);
    const topics = await request(`http://127.0.0.1:${httpPort}`).get('/api/topics').expect(200);
    expect(topics.body).toEqual({ topics: ['TopicA', 'TopicB'] });
    const route = await request(`http://127.0.0.1:${httpPort}`).get('/api/topics/TopicA/route').expect(200);
    expect(route.body.brokerDatas[0].brokerAddrs).toEqual({ '0': master.brokerAddr, '1': slave.brokerAddr });
    await request(`http://127.0.0.1:${httpPort}`).get('/api/topics/NoSuchTopic/route').expect(404);
  });

  it('drops a broker as soon as its connection closes', async () => {
    await slave.client.close();
    await waitFor('the slave to be dropped', async () => {
      const info = decodeClusterInfo(
        (await ask(RequestCode.GET_BROKER_CLUSTER_INFO)).body ?? Buffer.alloc(0),
      );
      const ids = [...(info.brokerAddrTable.get('broker-a')?.brokerAddrs.keys() ?? [])];
      return ids.length === 1 && ids[0] === 0 ? true : undefined;
    });
    expect(
      namesrv.logLines().some((l) => l['msg'] === 'broker removed' && l['brokerAddr'] === slave.brokerAddr),
    ).toBe(true);
  });

  it('stops gracefully with bin/mqshutdown namesrv', async () => {
    const shutdown = ManagedProcess.start(path.join(install, 'bin', 'mqshutdown'), ['namesrv']);
    expect(await shutdown.waitForExit(30_000)).toBe(0);
    expect(shutdown.text()).toContain(`Send shutdown request to mqnamesrv(${namesrv.pid}) OK`);
    expect(await namesrv.waitForExit(15_000)).toBe(0);
    expect(namesrv.logLines().some((l) => l['msg'] === 'stopped')).toBe(true);
  });
});

describe('bin/mqnamesrv command line', () => {
  it('prints the effective config with -p and exits', async () => {
    const p = ManagedProcess.start(path.join(BIN, 'mqnamesrv'), ['-p', '--listenPort=19999']);
    expect(await p.waitForExit()).toBe(0);
    expect(p.text()).toMatch(/^listenPort=19999$/m);
    expect(p.text()).toMatch(/^httpListenPort=20000$/m);
  });

  it('refuses to start on a bad config and lists every problem with its source', async () => {
    const tmp = makeTempDir('namesrv-bad');
    const conf = path.join(tmp.dir, 'namesrv.properties');
    writeFileSync(conf, '# bad\nlistenPort=abc\norderMessageEnable=yes\n');
    const p = ManagedProcess.start(path.join(BIN, 'mqnamesrv'), ['-c', conf, '--brokerScanIntervalMs=0']);
    expect(await p.waitForExit()).toBe(2);
    expect(p.text()).toContain('namesrv.properties:2: listenPort');
    expect(p.text()).toContain('namesrv.properties:3: orderMessageEnable');
    expect(p.text()).toContain('--brokerScanIntervalMs=0');
    tmp.remove();
  });
});

describe('oneway registration (flag 2), as brokers send after creating a topic', () => {
  it('registers the broker and sends no reply', async () => {
    const tmp = makeTempDir('namesrv-oneway');
    const port = await freePort();
    const namesrv = ManagedProcess.start(
      path.join(BIN, 'mqnamesrv'),
      [`--listenPort=${port}`, `--httpListenPort=${await freePort()}`, '--bindAddress=127.0.0.1'],
      { env: { HOME: tmp.dir } },
    );
    await namesrv.waitForOutput(/Name Server boot success/);
    const broker: PretendBroker = {
      brokerId: 0,
      brokerAddr: '127.0.0.1:10911',
      haServerAddr: '127.0.0.1:10912',
      client: new RemotingClient(),
    };
    const peer = await connectRawTcp(port);
    const oneway = registerRequest(broker, ['OnewayTopic']);
    peer.socket.write(encodeCommand({ ...oneway, flag: 2 }));
    const tools = new RemotingClient();
    const route = await waitFor('the oneway registration to take effect', async () => {
      const r = await tools.invoke(
        `127.0.0.1:${port}`,
        createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'OnewayTopic' }),
        TIMEOUT_MS,
      );
      return r.code === ResponseCode.SUCCESS ? r : undefined;
    });
    expect(decodeTopicRouteData(route.body ?? Buffer.alloc(0)).brokerDatas[0]?.brokerName).toBe('broker-a');
    expect(peer.received().length).toBe(0);
    peer.destroy();
    await Promise.all([tools.close(), broker.client.close()]);
    await namesrv.stop('SIGKILL');
    tmp.remove();
  });
});

describe('two NameServers', () => {
  it('run independently: a registration with one is unknown to the other', async () => {
    const tmp = makeTempDir('namesrv-pair');
    const started = await Promise.all(
      [0, 1].map(async (i) => {
        const port = await freePort();
        const args = [
          `--listenPort=${port}`,
          `--httpListenPort=${await freePort()}`,
          '--bindAddress=127.0.0.1',
          `--kvConfigPath=${tmp.dir}/kv${i}.json`,
        ];
        const p = ManagedProcess.start(path.join(BIN, 'mqnamesrv'), args, { env: { HOME: tmp.dir } });
        await p.waitForOutput(/Name Server boot success/);
        return { p, addr: `127.0.0.1:${port}` };
      }),
    );
    const [first, second] = started as [(typeof started)[0], (typeof started)[0]];
    const broker: PretendBroker = {
      brokerId: 0,
      brokerAddr: '127.0.0.1:10911',
      haServerAddr: '127.0.0.1:10912',
      client: new RemotingClient(),
    };
    expect(
      (await broker.client.invoke(first.addr, registerRequest(broker, ['OnlyOnFirst']), TIMEOUT_MS)).code,
    ).toBe(ResponseCode.SUCCESS);
    const tools = new RemotingClient();
    const route = (addr: string) =>
      tools.invoke(
        addr,
        createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'OnlyOnFirst' }),
        TIMEOUT_MS,
      );
    expect((await route(first.addr)).code).toBe(ResponseCode.SUCCESS);
    expect((await route(second.addr)).code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    await Promise.all([tools.close(), broker.client.close()]);
    await Promise.all(started.map((s) => s.p.stop('SIGKILL')));
    tmp.remove();
  });
});
