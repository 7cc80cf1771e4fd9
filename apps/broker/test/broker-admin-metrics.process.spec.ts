/**
 * Process test: bin/mqnamesrv and bin/mqbroker as real processes. A few messages go in with
 * SEND_MESSAGE_V2 and a group commits an offset over real TCP; then the broker's GET /metrics
 * shows RocketMQ's metric names (broker TPS, producer TPS per topic, group lag) and the admin
 * codes GET_TOPIC_STATS_INFO (202), GET_CONSUME_STATS (208) and GET_BROKER_RUNTIME_INFO (28)
 * answer with the figures those messages produced.
 */
import request from 'supertest';
import {
  createRequest,
  decodeConsumeStats,
  decodeKVTable,
  decodeTopicStatsTable,
  RequestCode,
  ResponseCode,
} from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { createTopic, sendMessageV2, updateConsumerOffset } from './support/broker-requests';
import { BrokerProcess, TestCluster } from './support/cluster';

const TOPIC = 'MetricsTopic';
const GROUP = 'MetricsGroup';
const TIMEOUT_MS = 10_000;
const MESSAGES = 5;

describe('broker admin codes and /metrics (namesrv + broker processes)', () => {
  const client = new RemotingClient();
  let cluster: TestCluster;
  let broker: BrokerProcess;

  beforeAll(async () => {
    cluster = await TestCluster.start('broker-admin-metrics');
    broker = await cluster.startBroker({ brokerName: 'broker-m' });
    await createTopic(client, broker.addr, TOPIC, 2);
    for (let i = 0; i < MESSAGES; i += 1) {
      const sent = await sendMessageV2(client, broker.addr, {
        topic: TOPIC,
        queueId: i % 2,
        body: Buffer.from(`m${i}`),
      });
      expect(sent.code).toBe(ResponseCode.SUCCESS);
    }
    await updateConsumerOffset(client, broker.addr, {
      consumerGroup: GROUP,
      topic: TOPIC,
      queueId: 0,
      commitOffset: 1,
    });
  });

  afterAll(async () => {
    await client.close();
    await cluster?.close();
  });

  it('GET /metrics shows rocketmq_broker_tps, rocketmq_producer_tps and rocketmq_group_diff', async () => {
    const text = (await request(`http://127.0.0.1:${broker.httpPort}`).get('/metrics').expect(200)).text;
    expect(text).toMatch(
      /^rocketmq_broker_tps\{cluster="TestCluster",broker="broker-m",[^}]*\} [0-9.e+-]+$/m,
    );
    expect(text).toMatch(
      new RegExp(`^rocketmq_producer_tps\\{[^}]*topic="${TOPIC}"[^}]*\\} [0-9.e+-]+$`, 'm'),
    );
    // queue 0 holds 3 messages, queue 1 holds 2; the group committed 1 on queue 0 only.
    expect(text).toMatch(
      new RegExp(`^rocketmq_group_diff\\{[^}]*topic="${TOPIC}",group="${GROUP}"[^}]*\\} 2$`, 'm'),
    );
    expect(text).toMatch(
      new RegExp(`^rocketmq_brokeruntime_msg_put_total_today_now\\{[^}]*\\} ${MESSAGES}$`, 'm'),
    );
    expect(text).toMatch(new RegExp(`^rocketmq_send_latency_seconds_count\\{[^}]*\\} ${MESSAGES}$`, 'm'));
  });

  it('answers GET_TOPIC_STATS_INFO, GET_CONSUME_STATS and GET_BROKER_RUNTIME_INFO over TCP', async () => {
    const invoke = (code: number, extFields?: Record<string, string>) =>
      client.invoke(broker.addr, createRequest(code, extFields), TIMEOUT_MS);

    const stats = await invoke(RequestCode.GET_TOPIC_STATS_INFO, { topic: TOPIC });
    expect(stats.code).toBe(ResponseCode.SUCCESS);
    const maxOffsets = decodeTopicStatsTable(stats.body ?? '').offsetTable.map(([mq, o]) => [
      mq.queueId,
      o.maxOffset,
    ]);
    expect(maxOffsets.sort()).toEqual([
      [0, 3],
      [1, 2],
    ]);
    expect((await invoke(RequestCode.GET_TOPIC_STATS_INFO, { topic: 'NoSuchTopic' })).code).toBe(
      ResponseCode.TOPIC_NOT_EXIST,
    );

    const consume = await invoke(RequestCode.GET_CONSUME_STATS, { consumerGroup: GROUP, topic: TOPIC });
    expect(consume.code).toBe(ResponseCode.SUCCESS);
    const rows = decodeConsumeStats(consume.body ?? '').offsetTable.map(([mq, o]) => [
      mq.queueId,
      o.brokerOffset,
      o.consumerOffset,
    ]);
    expect(rows.sort()).toEqual([
      [0, 3, 1],
      [1, 2, 0],
    ]);

    const runtime = await invoke(RequestCode.GET_BROKER_RUNTIME_INFO);
    expect(runtime.code).toBe(ResponseCode.SUCCESS);
    const table = decodeKVTable(runtime.body ?? '').table;
    expect(table.get('msgPutTotalTodayNow')).toBe(String(MESSAGES));
    expect(Number(table.get('commitLogMaxOffset'))).toBeGreaterThan(0);
    expect(table.get('runtime')).toMatch(/^\[ 0 days, 0 hours, \d+ minutes, \d+ seconds \]$/);
  });
});
