/**
 * The broker's admin surface inside the real Nest app (BrokerModule, the shared error mapping, the
 * remoting transport) over a real BrokerController and store: REST endpoints with supertest, the
 * admin remoting codes over TCP, and the /metrics page. Messages go in through SEND_MESSAGE_V2 so
 * the stats path is the one production uses. No NameServer: registration fails and is tolerated.
 */
import request from 'supertest';
import { MetricsRegistry, silentLogger } from '@rmq/observability';
import { RunningApp, startApp } from '@rmq/nest-kit';
import {
  createRequest,
  decodeConsumeStats,
  decodeGroupList,
  decodeKVTable,
  decodeResetOffsetBody,
  decodeSubscriptionGroupWrapper,
  decodeTopicStatsTable,
  encodeSubscriptionGroupConfig,
  GetBrokerConfigResponseHeader,
  newSubscriptionGroupConfig,
  RequestCode,
  ResetOffsetRequestHeader,
  ResponseCode,
} from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { freePort } from '@rmq/testing';
import { BrokerUnderTest, startBrokerUnderTest } from '../../test/support/broker-under-test';
import { pullMessage, sendMessageV2, updateConsumerOffset } from '../../test/support/broker-requests';
import { BrokerModule } from '../broker.module';

const TOPIC = 'AdminTopic';
const GROUP = 'AdminGroup';
const TIMEOUT_MS = 10_000;

describe('broker admin (REST, remoting codes, metrics) in the Nest app', () => {
  let t: BrokerUnderTest;
  let running: RunningApp;
  let http: ReturnType<typeof request>;
  let addr: string;
  const client = new RemotingClient();
  const msgIds: string[] = [];

  const invoke = (code: number, extFields?: Record<string, string>, body?: Buffer) =>
    client.invoke(addr, createRequest(code, extFields, body), TIMEOUT_MS);

  beforeAll(async () => {
    t = await startBrokerUnderTest();
    const port = await freePort();
    running = await startApp({
      module: BrokerModule.forRoot(t.broker, {
        config: t.config,
        logger: silentLogger(),
        metrics: new MetricsRegistry('broker'),
      }),
      logger: silentLogger(),
      http: { port: 0, host: '127.0.0.1' },
      remoting: { port, host: '127.0.0.1', shutdownGraceMs: 1_000 },
    });
    addr = `127.0.0.1:${port}`;
    http = request(`http://127.0.0.1:${running.httpPort}`);
    await http.post('/api/topics').send({ topic: TOPIC, queueNums: 2 }).expect(201);
    for (const [i, queueId] of [0, 0, 1].entries()) {
      const sent = await sendMessageV2(client, addr, {
        topic: TOPIC,
        queueId,
        body: Buffer.from(`hello ${i}`),
        keys: `key-${i}`,
        tags: 'TagA',
      });
      expect(sent.code).toBe(ResponseCode.SUCCESS);
      msgIds.push(sent.header?.msgId ?? '');
    }
    const pulled = await pullMessage(client, addr, {
      consumerGroup: GROUP,
      topic: TOPIC,
      queueId: 0,
      queueOffset: 0,
    });
    expect(pulled.messages).toHaveLength(2);
    await updateConsumerOffset(client, addr, {
      consumerGroup: GROUP,
      topic: TOPIC,
      queueId: 0,
      commitOffset: 1,
    });
    t.broker.stats.sample(Date.now() + 1_000);
  });

  afterAll(async () => {
    await client.close();
    await running?.stop('test done');
    await t?.stop();
  });

  it('creates, lists and validates topics', async () => {
    const topics = (await http.get('/api/topics').expect(200)).body.topics as Array<{ topicName: string }>;
    expect(topics.map((c) => c.topicName)).toContain(TOPIC);
    const missing = await http.post('/api/topics').send({ readQueueNums: 2 }).expect(400);
    expect(missing.body).toMatchObject({
      error: 'BAD_REQUEST',
      message: '"topic" must be a non-empty string',
    });
    await http.post('/api/topics').send({ topic: 'X', readQueueNums: 0 }).expect(400);
    await http.post('/api/topics').send({ topic: 'bad topic!' }).expect(400);
    await http.post('/api/topics').send({ topic: 'SCHEDULE_TOPIC_XXXX' }).expect(400);
    await http.post('/api/topics').send({ topic: 'Doomed', queueNums: 1 }).expect(201);
    await http.delete('/api/topics/Doomed').expect(200);
    await http.delete('/api/topics/Doomed').expect(404);
  });

  it('shows per-queue offsets of a topic and 404 for an unknown one', async () => {
    const stats = (await http.get(`/api/topics/${TOPIC}/stats`).expect(200)).body;
    expect(stats.queues).toEqual([
      expect.objectContaining({ queueId: 0, minOffset: 0, maxOffset: 2 }),
      expect.objectContaining({ queueId: 1, minOffset: 0, maxOffset: 1 }),
    ]);
    expect(stats.queues[0].lastUpdateTimestamp).toBeGreaterThan(0);
    expect(stats.consumedBy).toEqual([GROUP]);
    expect((await http.get('/api/topics/NoSuchTopic/stats').expect(404)).body.error).toBe('TOPIC_NOT_EXIST');
  });

  it('manages groups and reports their offsets, lag and (absent) connections', async () => {
    await http.post('/api/groups').send({ groupName: GROUP, retryMaxTimes: 3 }).expect(201);
    const groups = (await http.get('/api/groups').expect(200)).body.groups as Array<{
      groupName: string;
      retryMaxTimes: number;
    }>;
    expect(groups.find((g) => g.groupName === GROUP)?.retryMaxTimes).toBe(3);
    await http.post('/api/groups').send({ groupName: 'bad group' }).expect(400);
    await http.post('/api/groups').send({ groupName: 'G2', retryQueueNums: 'many' }).expect(400);
    const offsets = (await http.get(`/api/groups/${GROUP}/offsets`).expect(200)).body;
    expect(offsets.totalLag).toBe(2);
    expect(offsets.queues).toEqual([
      expect.objectContaining({ topic: TOPIC, queueId: 0, brokerOffset: 2, consumerOffset: 1, lag: 1 }),
      expect.objectContaining({ topic: TOPIC, queueId: 1, brokerOffset: 1, consumerOffset: 0, lag: 1 }),
    ]);
    expect(offsets.consumeTps).toBeGreaterThan(0);
    expect((await http.get(`/api/groups/${GROUP}/connections`).expect(404)).body.error).toBe(
      'CONSUMER_NOT_ONLINE',
    );
  });

  it('resets a group to a time (here: the beginning) and validates the request', async () => {
    await http.post(`/api/groups/${GROUP}/reset-offset`).send({ topic: TOPIC }).expect(400);
    await http
      .post(`/api/groups/${GROUP}/reset-offset`)
      .send({ topic: TOPIC, timestamp: 'yesterday' })
      .expect(400);
    const reset = (
      await http.post(`/api/groups/${GROUP}/reset-offset`).send({ topic: TOPIC, timestamp: 0 }).expect(200)
    ).body;
    expect(reset.offsets).toEqual([
      { queueId: 0, offset: 0 },
      { queueId: 1, offset: 0 },
    ]);
    expect(t.broker.offsets.queryOffset(GROUP, TOPIC, 0)).toBe(0);
    await updateConsumerOffset(client, addr, {
      consumerGroup: GROUP,
      topic: TOPIC,
      queueId: 0,
      commitOffset: 1,
    });
  });

  it('finds messages by offset msgId and by key', async () => {
    const msgId = msgIds[2] ?? '';
    const view = (await http.get(`/api/messages/${msgId}`).expect(200)).body;
    expect(view).toMatchObject({
      msgId,
      topic: TOPIC,
      tags: 'TagA',
      keys: 'key-2',
      queueId: 1,
      queueOffset: 0,
      bodyUtf8: 'hello 2',
      bodyBase64: Buffer.from('hello 2').toString('base64'),
    });
    expect(view.storeTimestamp).toBeGreaterThan(0);
    await http.get('/api/messages/not-a-msg-id').expect(400);
    await http.get(`/api/messages/${msgId.slice(0, 16)}00000000FFFFFFFF`).expect(404);
    const byKey = (await http.get('/api/messages').query({ topic: TOPIC, key: 'key-1' }).expect(200)).body;
    expect(byKey.messages.map((m: { bodyUtf8: string }) => m.bodyUtf8)).toEqual(['hello 1']);
    await http.get('/api/messages').query({ topic: TOPIC }).expect(400);
  });

  it('serves the runtime KVTable as JSON', async () => {
    const runtime = (await http.get('/api/runtime').expect(200)).body;
    expect(runtime.table).toMatchObject({
      msgPutTotalTodayNow: '3',
      msgGetTotalTodayNow: '2',
      brokerVersionDesc: 'V4_9_8',
    });
    expect(runtime.table.putTps.split(' ')).toHaveLength(3);
    expect(Number(runtime.table.commitLogMaxOffset)).toBeGreaterThan(0);
  });

  it('answers the admin remoting codes', async () => {
    const stats = await invoke(RequestCode.GET_TOPIC_STATS_INFO, { topic: TOPIC });
    expect(decodeTopicStatsTable(stats.body ?? '').offsetTable).toHaveLength(2);
    expect((await invoke(RequestCode.GET_TOPIC_STATS_INFO, { topic: 'Nope' })).code).toBe(
      ResponseCode.TOPIC_NOT_EXIST,
    );
    const consume = decodeConsumeStats(
      (await invoke(RequestCode.GET_CONSUME_STATS, { consumerGroup: GROUP })).body ?? '',
    );
    const rows = consume.offsetTable.map(([mq, o]) => [mq.queueId, o.brokerOffset, o.consumerOffset]);
    expect(rows.sort()).toEqual([
      [0, 2, 1],
      [1, 1, 0],
    ]);
    const kv = decodeKVTable((await invoke(RequestCode.GET_BROKER_RUNTIME_INFO)).body ?? '');
    expect(kv.table.get('msgPutTotalTodayNow')).toBe('3');
    const who = decodeGroupList(
      (await invoke(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, { topic: TOPIC })).body ?? '',
    );
    expect(who.groupList).toEqual([GROUP]);
    expect((await invoke(RequestCode.GET_CONSUMER_CONNECTION_LIST, { consumerGroup: GROUP })).code).toBe(
      ResponseCode.CONSUMER_NOT_ONLINE,
    );
  });

  it('creates, lists and deletes subscription groups over remoting', async () => {
    const config = newSubscriptionGroupConfig('RemoteGroup', { retryMaxTimes: 5 });
    const created = await invoke(
      RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
      undefined,
      encodeSubscriptionGroupConfig(config),
    );
    expect(created.code).toBe(ResponseCode.SUCCESS);
    const all = decodeSubscriptionGroupWrapper(
      (await invoke(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG)).body ?? '',
    );
    expect(all.subscriptionGroupTable.get('RemoteGroup')?.retryMaxTimes).toBe(5);
    const deleted = await invoke(RequestCode.DELETE_SUBSCRIPTIONGROUP, {
      groupName: 'RemoteGroup',
      removeOffset: 'true',
    });
    expect(deleted.code).toBe(ResponseCode.SUCCESS);
    expect(t.broker.groups.get('RemoteGroup')).toBeUndefined();
  });

  it('reads the broker config and changes only runtime-safe keys', async () => {
    const before = await invoke(RequestCode.GET_BROKER_CONFIG);
    expect(before.body?.toString()).toContain('defaultQueryMaxNum=32');
    const version = GetBrokerConfigResponseHeader.decode(before.extFields).version;
    const refused = await invoke(
      RequestCode.UPDATE_BROKER_CONFIG,
      undefined,
      Buffer.from('listenPort=1\ndefaultQueryMaxNum=5'),
    );
    expect(refused.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(refused.remark).toContain('cannot change [listenPort]');
    expect(t.broker.config.defaultQueryMaxNum).toBe(32);
    const bad = await invoke(
      RequestCode.UPDATE_BROKER_CONFIG,
      undefined,
      Buffer.from('defaultQueryMaxNum=lots'),
    );
    expect(bad.code).toBe(ResponseCode.SYSTEM_ERROR);
    const ok = await invoke(RequestCode.UPDATE_BROKER_CONFIG, undefined, Buffer.from('defaultQueryMaxNum=5'));
    expect(ok.code).toBe(ResponseCode.SUCCESS);
    expect(t.broker.config.defaultQueryMaxNum).toBe(5);
    const after = await invoke(RequestCode.GET_BROKER_CONFIG);
    expect(after.body?.toString()).toContain('defaultQueryMaxNum=5');
    expect(GetBrokerConfigResponseHeader.decode(after.extFields).version).not.toBe(version);
  });

  it('resets offsets by time over remoting (INVOKE_BROKER_TO_RESET_OFFSET)', async () => {
    const header = ResetOffsetRequestHeader.encode({
      topic: TOPIC,
      group: GROUP,
      timestamp: -1,
      isForce: true,
    });
    const response = await invoke(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, header);
    expect(response.code).toBe(ResponseCode.SUCCESS);
    const reset = decodeResetOffsetBody(response.body ?? '').offsetTable.map(([mq, o]) => [mq.queueId, o]);
    expect(reset.sort()).toEqual([
      [0, 2],
      [1, 1],
    ]);
    const offsets = await invoke(RequestCode.GET_ALL_CONSUMER_OFFSET);
    expect(offsets.body?.toString()).toContain(`"${TOPIC}@${GROUP}":{0:2,1:1}`);
    const delay = await invoke(RequestCode.GET_ALL_DELAY_OFFSET);
    expect(delay.code).toBe(ResponseCode.SUCCESS);
    const system = await invoke(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER);
    expect(system.body?.toString()).toContain('SCHEDULE_TOPIC_XXXX');
  });

  it('exports rocketmq-exporter metric names on /metrics', async () => {
    const text = (await http.get('/metrics').expect(200)).text;
    expect(text).toMatch(
      /^rocketmq_broker_tps\{cluster="DefaultCluster",broker="broker-t",brokerIP="127\.0\.0\.1",app="broker"\} /m,
    );
    expect(text).toMatch(new RegExp(`^rocketmq_producer_tps\\{[^}]*topic="${TOPIC}"[^}]*\\} [0-9.]+$`, 'm'));
    expect(text).toMatch(
      new RegExp(`^rocketmq_consumer_tps\\{[^}]*topic="${TOPIC}",group="${GROUP}"[^}]*\\} `, 'm'),
    );
    expect(text).toMatch(
      new RegExp(`^rocketmq_group_diff\\{[^}]*topic="${TOPIC}",group="${GROUP}"[^}]*\\} 0$`, 'm'),
    );
    expect(text).toMatch(/^rocketmq_brokeruntime_msg_put_total_today_now\{[^}]*\} 3$/m);
    expect(text).toMatch(/^rocketmq_brokeruntime_commitlog_disk_ratio\{[^}]*\} /m);
    expect(text).toMatch(/^rocketmq_send_latency_seconds_count\{app="broker",outcome="ok"\} 3$/m);
    expect(text).toMatch(/^rocketmq_pull_latency_seconds_count\{app="broker",outcome="found"\} 1$/m);
  });
});
