import {
  createResponse,
  CreateTopicRequestHeader,
  decodeSubscriptionGroupConfig,
  DeleteSubscriptionGroupRequestHeader,
  encodeConsumeStats,
  encodeKVTable,
  encodeMessageProperties,
  encodeTopicStatsTable,
  QueryMessageRequestHeader,
  RequestCode,
  ResponseCode,
} from '@rmq/protocol';
import { freePort } from '@rmq/testing';
import { MQBrokerError } from '../errors/mq-broker.error';
import { FakeCluster } from '../testing/fake-cluster';
import { AdminClient } from './admin-client';

let cluster: FakeCluster;
let admin: AdminClient;

beforeEach(async () => {
  cluster = await FakeCluster.start(freePort, 2);
  cluster.createTopic('T', 2);
  cluster.createTopic('%RETRY%CG', 1);
  admin = new AdminClient({ namesrvAddr: cluster.namesrvAddr, clientIp: '127.0.0.1' });
  await admin.start();
});

afterEach(async () => {
  await admin.shutdown();
  await cluster.close();
});

const ok = (body?: Buffer) => (req: Parameters<typeof createResponse>[0]) =>
  createResponse(req, ResponseCode.SUCCESS, body === undefined ? {} : { body });

describe('AdminClient', () => {
  it('reads cluster info, topic list and routes from the NameServer', async () => {
    const info = await admin.examineBrokerClusterInfo();
    expect(info.clusterAddrTable.get('DefaultCluster')?.sort()).toEqual(['broker-a', 'broker-b']);
    expect((await admin.fetchAllTopicList()).sort()).toEqual(['%RETRY%CG', 'T']);
    expect((await admin.examineTopicRouteInfo('T')).queueDatas).toHaveLength(2);
    const err = await admin.examineTopicRouteInfo('missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MQBrokerError);
    expect(err).toMatchObject({
      responseCode: ResponseCode.TOPIC_NOT_EXIST,
      brokerAddr: cluster.namesrvAddr,
    });
  });

  it('creates a topic on every master of a cluster, or on one broker', async () => {
    for (const b of cluster.brokers) b.override(RequestCode.UPDATE_AND_CREATE_TOPIC, ok());
    await admin.createTopic(
      { clusterName: 'DefaultCluster' },
      { topicName: 'NewT', readQueueNums: 8, writeQueueNums: 8 },
    );
    for (const b of cluster.brokers) {
      const [req] = b.requestsWithCode(RequestCode.UPDATE_AND_CREATE_TOPIC);
      expect(CreateTopicRequestHeader.decode(req!.extFields)).toMatchObject({
        topic: 'NewT',
        defaultTopic: 'TBW102',
        readQueueNums: 8,
        writeQueueNums: 8,
        perm: 6,
        topicFilterType: 'SINGLE_TAG',
        order: false,
      });
    }
    await admin.createTopic({ brokerAddr: cluster.broker(1).addr }, { topicName: 'Only' });
    expect(cluster.broker(0).requestsWithCode(RequestCode.UPDATE_AND_CREATE_TOPIC)).toHaveLength(1);
    expect(cluster.broker(1).requestsWithCode(RequestCode.UPDATE_AND_CREATE_TOPIC)).toHaveLength(2);
    await expect(admin.createTopic({ clusterName: 'Nope' }, { topicName: 'X' })).rejects.toThrow(/not known/);
  });

  it('surfaces a broker refusal with its code, remark and address', async () => {
    cluster
      .broker(0)
      .override(RequestCode.UPDATE_AND_CREATE_TOPIC, (req) =>
        createResponse(req, ResponseCode.SYSTEM_ERROR, { remark: 'system topic' }),
      );
    const err = await admin
      .createTopic({ brokerAddr: cluster.broker(0).addr }, { topicName: 'X' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      responseCode: 1,
      remark: 'system topic',
      brokerAddr: cluster.broker(0).addr,
    });
  });

  it('deletes a topic in the brokers and in every NameServer', async () => {
    for (const b of cluster.brokers) b.override(RequestCode.DELETE_TOPIC_IN_BROKER, ok());
    await admin.deleteTopic('T', 'DefaultCluster');
    for (const b of cluster.brokers)
      expect(b.requestsWithCode(RequestCode.DELETE_TOPIC_IN_BROKER)).toHaveLength(1);
    expect(cluster.namesrv.routes.has('T')).toBe(false);
  });

  it('creates and deletes subscription groups', async () => {
    const broker = cluster.broker(0);
    broker.override(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, ok());
    broker.override(RequestCode.DELETE_SUBSCRIPTIONGROUP, ok());
    await admin.createOrUpdateSubscriptionGroup(
      { brokerAddr: broker.addr },
      { groupName: 'G1', retryMaxTimes: 3 },
    );
    const body = decodeSubscriptionGroupConfig(
      broker.requestsWithCode(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)[0]!.body!,
    );
    expect(body).toMatchObject({ groupName: 'G1', retryMaxTimes: 3, retryQueueNums: 1, consumeEnable: true });
    await admin.deleteSubscriptionGroup({ brokerAddr: broker.addr }, 'G1', true);
    const header = DeleteSubscriptionGroupRequestHeader.decode(
      broker.requestsWithCode(RequestCode.DELETE_SUBSCRIPTIONGROUP)[0]!.extFields,
    );
    expect(header).toEqual({ groupName: 'G1', removeOffset: true });
  });

  it('merges topic stats and consume stats over the brokers, with the total lag', async () => {
    cluster.brokers.forEach((b, i) => {
      const mq = { topic: 'T', brokerName: b.brokerName, queueId: 0 };
      b.override(
        RequestCode.GET_TOPIC_STATS_INFO,
        ok(
          encodeTopicStatsTable({
            offsetTable: [[mq, { minOffset: 0, maxOffset: 10 + i, lastUpdateTimestamp: 1 }]],
          }),
        ),
      );
      b.override(
        RequestCode.GET_CONSUME_STATS,
        ok(
          encodeConsumeStats({
            consumeTps: 1.5,
            offsetTable: [[mq, { brokerOffset: 10 + i, consumerOffset: 4, lastTimestamp: 0 }]],
          }),
        ),
      );
    });
    cluster.createTopic('%RETRY%CG', 1); // both brokers serve the group
    const topicStats = await admin.examineTopicStats('T');
    expect(topicStats.offsetTable.map(([mq, o]) => [mq.brokerName, o.maxOffset]).sort()).toEqual([
      ['broker-a', 10],
      ['broker-b', 11],
    ]);
    const consumeStats = await admin.examineConsumeStats('CG');
    expect(consumeStats.consumeTps).toBe(3);
    expect(consumeStats.diffTotal).toBe(6 + 7);
  });

  it('views a message by offset msgId and queries by key and by UNIQ_KEY', async () => {
    const broker = cluster.broker(1);
    const props = encodeMessageProperties([
      ['KEYS', 'order-1 order-2'],
      ['UNIQ_KEY', 'AABB'],
    ]);
    const stored = broker.store.append({
      topic: 'T',
      queueId: 1,
      body: Buffer.from('payload'),
      propertiesString: props,
    });
    const viewed = await admin.viewMessage(stored.offsetMsgId);
    expect(viewed).toMatchObject({
      topic: 'T',
      queueId: 1,
      msgId: 'AABB',
      offsetMsgId: stored.offsetMsgId,
      keys: ['order-1', 'order-2'],
    });

    broker.override(RequestCode.QUERY_MESSAGE, (req) =>
      createResponse(req, ResponseCode.SUCCESS, {
        extFields: { indexLastUpdateTimestamp: '0', indexLastUpdatePhyoffset: '0' },
        body: Buffer.concat(broker.store.allRecords()),
      }),
    );
    cluster
      .broker(0)
      .override(RequestCode.QUERY_MESSAGE, (req) => createResponse(req, ResponseCode.QUERY_NOT_FOUND));
    const found = await admin.queryMessage('T', 'order-2', 10, 0, Date.now());
    expect(found.map((m) => m.body.toString())).toEqual(['payload']);
    expect(await admin.queryMessage('T', 'other', 10, 0, Date.now())).toEqual([]);
    expect((await admin.queryMessageByUniqKey('T', 'AABB'))?.offsetMsgId).toBe(stored.offsetMsgId);
    const uniqQuery = QueryMessageRequestHeader.decode(
      broker.requestsWithCode(RequestCode.QUERY_MESSAGE).at(-1)!.extFields,
    );
    expect(uniqQuery).toMatchObject({ key: 'AABB', _UNIQUE_KEY_QUERY: true });
  });

  it('reads broker runtime stats and config', async () => {
    const broker = cluster.broker(0);
    broker.override(
      RequestCode.GET_BROKER_RUNTIME_INFO,
      ok(encodeKVTable({ table: new Map([['brokerVersion', '409']]) })),
    );
    broker.override(RequestCode.GET_BROKER_CONFIG, (req) =>
      createResponse(req, ResponseCode.SUCCESS, {
        extFields: { version: '{}' },
        body: Buffer.from('brokerName=broker-a\nlistenPort=10911\n'),
      }),
    );
    expect((await admin.fetchBrokerRuntimeStats(broker.addr)).table.get('brokerVersion')).toBe('409');
    const config = await admin.getBrokerConfig(broker.addr);
    expect(config.get('listenPort')).toBe('10911');
  });
});
