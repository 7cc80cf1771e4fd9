import { BROKER_CHANNEL_EXPIRED_MS, BrokerRegistration, RouteInfoManager } from './route-info-manager';

function topicTable(...names: string[]) {
  return new Map(
    names.map((topicName) => [
      topicName,
      {
        topicName,
        readQueueNums: 4,
        writeQueueNums: 4,
        perm: 6,
        topicFilterType: 'SINGLE_TAG' as const,
        topicSysFlag: 0,
        order: false,
      },
    ]),
  );
}

function registration(overrides: Partial<BrokerRegistration> = {}): BrokerRegistration {
  return {
    clusterName: 'DefaultCluster',
    brokerName: 'broker-a',
    brokerAddr: '127.0.0.1:10911',
    brokerId: 0,
    haServerAddr: '127.0.0.1:10912',
    dataVersion: { counter: 1, timestamp: 1 },
    topicConfigTable: topicTable('TopicA'),
    channelId: 'ch-master',
    ...overrides,
  };
}

const SLAVE = {
  brokerAddr: '127.0.0.1:11911',
  brokerId: 1,
  haServerAddr: '127.0.0.1:11912',
  channelId: 'ch-slave',
  topicConfigTable: topicTable('OnlyInSlave'),
};

describe('RouteInfoManager', () => {
  let nowMs = 1_000_000;
  let routes: RouteInfoManager;
  beforeEach(() => {
    nowMs = 1_000_000;
    routes = new RouteInfoManager(() => nowMs);
  });

  it('routes a topic to the master and slave of its broker group', () => {
    routes.registerBroker(registration());
    routes.registerBroker(registration(SLAVE));
    const route = routes.pickupTopicRouteData('TopicA');
    expect(route?.queueDatas).toEqual([
      { brokerName: 'broker-a', readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0 },
    ]);
    expect([...(route?.brokerDatas[0]?.brokerAddrs ?? [])]).toEqual([
      [0, '127.0.0.1:10911'],
      [1, '127.0.0.1:11911'],
    ]);
  });

  it('takes topic configs only from masters', () => {
    routes.registerBroker(registration());
    routes.registerBroker(registration(SLAVE));
    expect(routes.pickupTopicRouteData('OnlyInSlave')).toBeUndefined();
  });

  it("tells a slave its master's address and HA address, and a master nothing", () => {
    expect(routes.registerBroker(registration())).toEqual({});
    expect(routes.registerBroker(registration(SLAVE))).toEqual({
      masterAddr: '127.0.0.1:10911',
      haServerAddr: '127.0.0.1:10912',
    });
  });

  it('drops a broker at once when its connection closes, and the group when it was the last', () => {
    routes.registerBroker(registration());
    routes.registerBroker(registration(SLAVE));
    expect(routes.onChannelClosed('ch-master')).toEqual(['127.0.0.1:10911']);
    expect([...(routes.pickupTopicRouteData('TopicA')?.brokerDatas[0]?.brokerAddrs.keys() ?? [])]).toEqual([
      1,
    ]);
    routes.onChannelClosed('ch-slave');
    expect(routes.pickupTopicRouteData('TopicA')).toBeUndefined();
    expect(routes.getAllClusterInfo().clusterAddrTable.size).toBe(0);
    expect(routes.getAllTopicList()).toEqual([]);
  });

  it('expires brokers silent for more than 120 s and keeps those that re-registered', () => {
    routes.registerBroker(registration());
    routes.registerBroker(registration(SLAVE));
    nowMs += BROKER_CHANNEL_EXPIRED_MS - 1000;
    routes.registerBroker(registration(SLAVE));
    nowMs += 2000;
    expect(routes.scanNotActiveBroker()).toEqual([{ brokerAddr: '127.0.0.1:10911', channelId: 'ch-master' }]);
    expect([...routes.liveBrokers().keys()]).toEqual(['127.0.0.1:11911']);
  });

  it('applies a master registration only when its data version changed', () => {
    routes.registerBroker(registration());
    routes.registerBroker(registration({ topicConfigTable: topicTable('TopicA', 'TopicB') }));
    expect(routes.pickupTopicRouteData('TopicB')).toBeUndefined();
    routes.registerBroker(
      registration({
        dataVersion: { counter: 2, timestamp: 2 },
        topicConfigTable: topicTable('TopicA', 'TopicB'),
      }),
    );
    expect(routes.pickupTopicRouteData('TopicB')).toBeDefined();
  });

  it('moves an address that re-registers under another id (a slave promoted to master)', () => {
    routes.registerBroker(registration());
    routes.registerBroker(registration(SLAVE));
    routes.onChannelClosed('ch-master');
    routes.registerBroker(registration({ ...SLAVE, brokerId: 0, topicConfigTable: topicTable('TopicA') }));
    const addrs = routes.getAllClusterInfo().brokerAddrTable.get('broker-a')?.brokerAddrs;
    expect([...(addrs ?? [])]).toEqual([[0, '127.0.0.1:11911']]);
  });

  it('wipes and restores write permission of a broker group', () => {
    routes.registerBroker(registration({ topicConfigTable: topicTable('TopicA', 'TopicB') }));
    expect(routes.setWritePermOfBroker('broker-a', false)).toBe(2);
    expect(routes.pickupTopicRouteData('TopicA')?.queueDatas[0]?.perm).toBe(4);
    expect(routes.setWritePermOfBroker('broker-a', true)).toBe(2);
    expect(routes.pickupTopicRouteData('TopicA')?.queueDatas[0]?.perm).toBe(6);
  });

  it('lists topics by cluster and system topics', () => {
    routes.registerBroker(registration());
    routes.registerBroker(
      registration({
        clusterName: 'Other',
        brokerName: 'broker-x',
        brokerAddr: '127.0.0.1:20911',
        channelId: 'x',
        topicConfigTable: topicTable('TopicX'),
      }),
    );
    expect(routes.getTopicsByCluster('Other')).toEqual(['TopicX']);
    expect(routes.getSystemTopicList().topicList.sort()).toEqual([
      'DefaultCluster',
      'Other',
      'broker-a',
      'broker-x',
    ]);
  });

  it('unregisters a broker', () => {
    routes.registerBroker(registration());
    routes.unregisterBroker('DefaultCluster', '127.0.0.1:10911', 'broker-a', 0);
    expect(routes.liveBrokers().size).toBe(0);
    expect(routes.pickupTopicRouteData('TopicA')).toBeUndefined();
  });
});
