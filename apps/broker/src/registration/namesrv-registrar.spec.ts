import { silentLogger } from '@rmq/observability';
import {
  createResponse,
  decodeRegisterBrokerRequestBody,
  newTopicConfig,
  RegisterBrokerRequestHeader,
  RegisterBrokerResponseHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
  rocketmqCrc32,
  UnRegisterBrokerRequestHeader,
} from '@rmq/protocol';
import { RemotingClient, RemotingServer } from '@rmq/remoting';
import { NamesrvRegistrar, RegistrarSettings } from './namesrv-registrar';

/** A NameServer on real TCP that records registrations and answers like RocketMQ's. */
async function fakeNamesrv(answer: Record<string, string> = {}) {
  const registrations: Array<{ header: RegisterBrokerRequestHeader; body: Buffer }> = [];
  const unregistrations: string[] = [];
  const server = new RemotingServer({ port: 0, host: '127.0.0.1' });
  server.registerHandler(RequestCode.REGISTER_BROKER, (request: RemotingCommand) => {
    registrations.push({
      header: RegisterBrokerRequestHeader.decode(request.extFields),
      body: request.body ?? Buffer.alloc(0),
    });
    return createResponse(request, ResponseCode.SUCCESS, {
      extFields: RegisterBrokerResponseHeader.encode(answer),
    });
  });
  server.registerHandler(RequestCode.UNREGISTER_BROKER, (request: RemotingCommand) => {
    unregistrations.push(UnRegisterBrokerRequestHeader.decode(request.extFields).brokerAddr);
    return createResponse(request, ResponseCode.SUCCESS);
  });
  const { port } = await server.listen();
  return {
    addr: `127.0.0.1:${port}`,
    registrations,
    unregistrations,
    close: () => server.close({ graceMs: 0 }),
  };
}

const settings = (namesrvAddr: string[], over: Partial<RegistrarSettings> = {}): RegistrarSettings => ({
  namesrvAddr,
  brokerName: 'broker-a',
  brokerClusterName: 'DefaultCluster',
  brokerId: 0,
  brokerIP1: '10.0.0.1',
  brokerIP2: '10.0.0.2',
  listenPort: 10911,
  haListenPort: 10912,
  brokerPermission: 6,
  compressedRegister: false,
  registerBrokerTimeoutMills: 2_000,
  registerNameServerPeriod: 30_000,
  ...over,
});

const topicTable = () => ({
  dataVersion: { counter: 3, timestamp: 1_700_000_000_000 },
  topicConfigTable: new Map([['TopicA', newTopicConfig('TopicA', { readQueueNums: 4, writeQueueNums: 4 })]]),
});

describe('NamesrvRegistrar (real TCP)', () => {
  const client = new RemotingClient();
  afterAll(() => client.close());

  it('registers with every NameServer: addresses, CRC-checked body with the topic table; unregisters on stop', async () => {
    const ns = [await fakeNamesrv(), await fakeNamesrv()];
    const registrar = new NamesrvRegistrar(
      settings(ns.map((n) => n.addr)),
      client,
      topicTable,
      silentLogger(),
    );
    await registrar.start();
    expect(registrar.registered).toBe(true);
    for (const n of ns) {
      const [first] = n.registrations;
      expect(first?.header).toMatchObject({
        brokerAddr: '10.0.0.1:10911',
        haServerAddr: '10.0.0.2:10912',
        brokerId: 0,
        compressed: false,
      });
      expect(first?.header.bodyCrc32).toBe(rocketmqCrc32(first?.body ?? Buffer.alloc(0)));
      const body = decodeRegisterBrokerRequestBody(first?.body ?? Buffer.alloc(0), false);
      expect([...body.topicConfigSerializeWrapper.topicConfigTable.keys()]).toEqual(['TopicA']);
    }
    await registrar.stop();
    for (const n of ns) expect(n.unregistrations).toEqual(['10.0.0.1:10911']);
    await Promise.all(ns.map((n) => n.close()));
  });

  it('sends the compressed form when compressedRegister, and masks topic perms of a read-only broker', async () => {
    const ns = await fakeNamesrv();
    const registrar = new NamesrvRegistrar(
      settings([ns.addr], { compressedRegister: true, brokerPermission: 4 }),
      client,
      topicTable,
      silentLogger(),
    );
    await registrar.registerAll();
    const [first] = ns.registrations;
    expect(first?.header.compressed).toBe(true);
    const body = decodeRegisterBrokerRequestBody(first?.body ?? Buffer.alloc(0), true);
    expect(body.topicConfigSerializeWrapper.topicConfigTable.get('TopicA')?.perm).toBe(4);
    await ns.close();
  });

  it('a slave learns its master from the answer; a dead NameServer leaves it not registered', async () => {
    const ns = await fakeNamesrv({ masterAddr: '10.0.0.9:10911', haServerAddr: '10.0.0.9:10912' });
    const slave = new NamesrvRegistrar(
      settings([ns.addr], { brokerId: 1 }),
      client,
      topicTable,
      silentLogger(),
    );
    await slave.registerAll();
    expect(slave.masterAddresses).toEqual({ masterAddr: '10.0.0.9:10911', haServerAddr: '10.0.0.9:10912' });
    await ns.close();
    const lonely = new NamesrvRegistrar(settings([ns.addr]), client, topicTable, silentLogger());
    await lonely.registerAll();
    expect(lonely.registered).toBe(false);
  });
});
