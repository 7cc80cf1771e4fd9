/**
 * Process test of @rmq/client (the project's own SDK) against bin/mqnamesrv and two bin/mqbroker
 * processes: the real-client scenarios of the broker issue (every message once between two
 * consumers of a group, retries, dead letters) plus broadcasting, orderly, transactional, delayed,
 * batch and pull consumption. The brokers run with 1 s delay levels and 1 s transaction checks so
 * that retries and check-backs happen within the test. Every wait is bounded.
 */
import { Message, MessageExt, Producer, PullConsumer, PushConsumer, PushConsumerOptions } from '@rmq/client';
import { RemotingClient } from '@rmq/remoting';
import { makeTempDir, waitFor } from '@rmq/testing';
import { createTopic } from './support/broker-requests';
import { BrokerProcess, TestCluster } from './support/cluster';

const WAIT_MS = 40_000;
const FAST_CLIENT = {
  rebalanceIntervalMs: 1_000,
  persistConsumerOffsetIntervalMs: 1_000,
  pollNameServerIntervalMs: 1_000,
};
const BROKER_PROPERTIES = {
  messageDelayLevel: Array<string>(18).fill('1s').join(' '),
  transactionCheckInterval: 1_000,
  transactionTimeOut: 1_000,
  autoCreateTopicEnable: true,
};

function keyOf(msg: MessageExt): string {
  return msg.keys[0] ?? '';
}

describe('@rmq/client against real brokers (processes)', () => {
  let cluster: TestCluster;
  let brokers: BrokerProcess[] = [];
  const admin = new RemotingClient();
  const closers: Array<() => Promise<void>> = [];
  const offsets = makeTempDir('client-sdk-offsets');

  beforeAll(async () => {
    cluster = await TestCluster.start('client-sdk');
    brokers = [
      await cluster.startBroker({ brokerName: 'broker-a', properties: BROKER_PROPERTIES }),
      await cluster.startBroker({ brokerName: 'broker-b', properties: BROKER_PROPERTIES }),
    ];
  }, 60_000);
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  afterAll(async () => {
    await admin.close();
    await cluster?.close();
    offsets.remove();
  });

  async function topic(name: string, queueNums = 4): Promise<string> {
    for (const broker of brokers) await createTopic(admin, broker.addr, name, queueNums);
    return name;
  }

  async function producer(
    group: string,
    extra: Partial<ConstructorParameters<typeof Producer>[0]> = {},
  ): Promise<Producer> {
    const p = new Producer({
      producerGroup: group,
      namesrvAddr: cluster.namesrvAddr,
      ...FAST_CLIENT,
      ...extra,
    });
    await p.start();
    closers.push(() => p.shutdown());
    return p;
  }

  async function consumer(
    options: Omit<PushConsumerOptions, 'namesrvAddr'>,
    topicName: string,
    listener: (msg: MessageExt) => 'CONSUME_SUCCESS' | 'RECONSUME_LATER',
    expression = '*',
  ): Promise<PushConsumer> {
    const c = new PushConsumer({
      namesrvAddr: cluster.namesrvAddr,
      offsetStoreDir: offsets.dir,
      ...FAST_CLIENT,
      ...options,
    });
    c.subscribe(topicName, expression);
    c.registerMessageListener((msgs) => {
      let status: 'CONSUME_SUCCESS' | 'RECONSUME_LATER' = 'CONSUME_SUCCESS';
      for (const msg of msgs) if (listener(msg) === 'RECONSUME_LATER') status = 'RECONSUME_LATER';
      return status;
    });
    await c.start();
    closers.push(() => c.shutdown());
    return c;
  }

  it('delivers every message exactly once between two consumers of a group, and filters by tag', async () => {
    const t = await topic('SdkTopic');
    const p = await producer('sdk-producer');
    const seen = new Map<string, number>();
    const byConsumer = [0, 0];
    const tagged: string[] = [];
    for (const [i, instanceName] of ['c1', 'c2'].entries()) {
      await consumer(
        { consumerGroup: 'sdk-group', instanceName, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' },
        t,
        (msg) => {
          seen.set(keyOf(msg), (seen.get(keyOf(msg)) ?? 0) + 1);
          byConsumer[i] = (byConsumer[i] ?? 0) + 1;
          return 'CONSUME_SUCCESS';
        },
      );
    }
    await consumer(
      { consumerGroup: 'sdk-tag-group', consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' },
      t,
      (msg) => {
        tagged.push(msg.tags ?? '');
        return 'CONSUME_SUCCESS';
      },
      'TagA || TagB',
    );
    const total = 2_000;
    for (let i = 0; i < total; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          p.send({
            topic: t,
            tags: `Tag${'ABC'[(i + j) % 3]}`,
            keys: `k${i + j}`,
            body: Buffer.from(`m${i + j}`),
          }),
        ),
      );
    }
    await waitFor('every message consumed', () => seen.size === total || undefined, WAIT_MS, 100);
    await new Promise((r) => setTimeout(r, 1_000)); // a duplicate would show up here
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(byConsumer.every((n) => n > 0)).toBe(true);
    await waitFor(
      'tagged messages',
      () => tagged.length >= Math.floor((total * 2) / 3) || undefined,
      WAIT_MS,
      100,
    );
    expect(new Set(tagged)).toEqual(new Set(['TagA', 'TagB']));
  });

  it('redelivers failed messages through the retry topic, and dead-letters one that always fails', async () => {
    const t = await topic('SdkRetryTopic');
    const p = await producer('sdk-retry-producer');
    const attempts = new Map<string, number[]>();
    await consumer(
      {
        consumerGroup: 'sdk-retry-group',
        maxReconsumeTimes: 2,
        consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      },
      t,
      (msg) => {
        const list = attempts.get(keyOf(msg)) ?? [];
        list.push(msg.reconsumeTimes);
        attempts.set(keyOf(msg), list);
        if (keyOf(msg) === 'poison') return 'RECONSUME_LATER';
        return msg.reconsumeTimes === 0 && keyOf(msg).endsWith('0') ? 'RECONSUME_LATER' : 'CONSUME_SUCCESS';
      },
    );
    for (let i = 0; i < 20; i++) await p.send({ topic: t, keys: `r${i}`, body: Buffer.from('x') });
    await p.send({ topic: t, keys: 'poison', body: Buffer.from('poison') });
    await waitFor(
      'retried messages consumed',
      () => (attempts.get('r10')?.length ?? 0) >= 2 || undefined,
      WAIT_MS,
      100,
    );
    expect(attempts.get('r10')).toEqual([0, 1]);
    expect(attempts.get('r11')).toEqual([0]);
    const pull = new PullConsumer({ consumerGroup: 'sdk-dlq-reader', namesrvAddr: cluster.namesrvAddr });
    await pull.start();
    closers.push(() => pull.shutdown());
    const dlq = await waitFor(
      'the DLQ message',
      async () => {
        for (const mq of await pull.fetchSubscribeMessageQueues('%DLQ%sdk-retry-group').catch(() => [])) {
          const found = await pull.pull(mq, '*', 0, 32);
          const msg = found.msgFoundList.find((m) => keyOf(m) === 'poison');
          if (msg) return msg;
        }
        return undefined;
      },
      WAIT_MS,
      500,
    );
    expect(dlq.body.toString()).toBe('poison');
    expect(attempts.get('poison')).toEqual([0, 1, 2]);
  });

  it('broadcasts every message to every consumer of a BROADCASTING group', async () => {
    const t = await topic('SdkBroadcastTopic');
    const got: string[][] = [[], []];
    for (const [i, instanceName] of ['b1', 'b2'].entries()) {
      await consumer(
        {
          consumerGroup: 'sdk-broadcast',
          instanceName,
          messageModel: 'BROADCASTING',
          consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
        },
        t,
        (msg) => {
          got[i]?.push(keyOf(msg));
          return 'CONSUME_SUCCESS';
        },
      );
    }
    const p = await producer('sdk-broadcast-producer');
    for (let i = 0; i < 40; i++) await p.send({ topic: t, keys: `b${i}`, body: Buffer.from('b') });
    await waitFor(
      'both consumers got all',
      () => got.every((g) => new Set(g).size === 40) || undefined,
      WAIT_MS,
      100,
    );
  });

  it('keeps per-key order with a selector and an orderly consumer', async () => {
    const t = await topic('SdkOrderTopic');
    const p = await producer('sdk-order-producer');
    const seq = new Map<string, number[]>();
    const c = new PushConsumer({
      consumerGroup: 'sdk-order-group',
      namesrvAddr: cluster.namesrvAddr,
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      ...FAST_CLIENT,
    });
    c.subscribe(t, '*');
    c.registerOrderlyListener((msgs) => {
      for (const msg of msgs) {
        const [order, step] = msg.body.toString().split(':');
        seq.set(order ?? '', [...(seq.get(order ?? '') ?? []), Number(step)]);
      }
      return 'SUCCESS';
    });
    await c.start();
    closers.push(() => c.shutdown());
    const selector = (mqs: Array<{ queueId: number }>, _m: Message, arg: unknown) =>
      mqs[Number(arg) % mqs.length] as never;
    for (let step = 0; step < 10; step++) {
      for (let order = 0; order < 5; order++)
        await p.send({ topic: t, body: Buffer.from(`o${order}:${step}`) }, selector, order);
    }
    await waitFor(
      'all ordered messages',
      () => [...seq.values()].reduce((n, s) => n + s.length, 0) === 50 || undefined,
      WAIT_MS,
      100,
    );
    for (const steps of seq.values()) expect(steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('commits, rolls back and checks back transactional messages', async () => {
    const t = await topic('SdkTxTopic');
    const checked: string[] = [];
    const p = await producer('sdk-tx-producer', {
      transactionListener: {
        executeLocalTransaction: (msg) =>
          msg.keys === 'commit' ? 'COMMIT_MESSAGE' : msg.keys === 'rollback' ? 'ROLLBACK_MESSAGE' : 'UNKNOW',
        checkLocalTransaction: (msg) => {
          checked.push(msg.keys[0] ?? '');
          return 'COMMIT_MESSAGE';
        },
      },
    });
    const got: string[] = [];
    await consumer(
      { consumerGroup: 'sdk-tx-group', consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' },
      t,
      (msg) => {
        got.push(keyOf(msg));
        return 'CONSUME_SUCCESS';
      },
    );
    for (const keys of ['commit', 'rollback', 'unknown']) {
      const result = await p.sendMessageInTransaction({ topic: t, keys, body: Buffer.from(keys) });
      expect(result.sendStatus).toBe('SEND_OK');
    }
    await waitFor(
      'committed and checked-back messages',
      () => (got.includes('commit') && got.includes('unknown')) || undefined,
      WAIT_MS,
      200,
    );
    expect(checked).toContain('unknown');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(got.sort()).toEqual(['commit', 'unknown']);
  });

  it('delays a message by its level, and sends batches', async () => {
    const t = await topic('SdkDelayTopic');
    const p = await producer('sdk-delay-producer');
    const got = new Map<string, MessageExt>();
    await consumer(
      { consumerGroup: 'sdk-delay-group', consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' },
      t,
      (msg) => {
        got.set(keyOf(msg), msg);
        return 'CONSUME_SUCCESS';
      },
    );
    const sentAt = Date.now();
    await p.send({ topic: t, keys: 'delayed', delayTimeLevel: 2, body: Buffer.from('later') });
    const batch = await p.sendBatch(
      Array.from({ length: 10 }, (_, i) => ({ topic: t, keys: `batch${i}`, body: Buffer.from(`b${i}`) })),
    );
    expect(batch.msgId.split(',')).toHaveLength(10);
    await waitFor(
      'delayed and batch messages',
      () => (got.has('delayed') && got.size === 11) || undefined,
      WAIT_MS,
      100,
    );
    expect((got.get('delayed')?.storeTimestamp ?? 0) - sentAt).toBeGreaterThanOrEqual(900);
  });
});
