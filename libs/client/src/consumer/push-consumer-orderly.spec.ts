import {
  decodeLockBatchRequestBody,
  decodeMessageProperties,
  RequestCode,
  SendMessageRequestHeaderV2,
} from '@rmq/protocol';
import { freePort, waitFor } from '@rmq/testing';
import { FakeCluster } from '../testing/fake-cluster';
import { seedMessages } from '../testing/seed-messages';
import { ConsumeOrderlyStatus } from './message-listener';
import { PushConsumer } from './push-consumer';
import { PushConsumerOptions } from './push-consumer-options';

let cluster: FakeCluster;
let consumer: PushConsumer | undefined;
let seq = 0;

function newOrderlyConsumer(
  listener: (offsets: number[], reconsumeTimes: number[]) => ConsumeOrderlyStatus,
  extra: Partial<PushConsumerOptions> = {},
): PushConsumer {
  seq += 1;
  consumer = new PushConsumer({
    consumerGroup: 'CG',
    namesrvAddr: cluster.namesrvAddr,
    instanceName: `orderly-spec-${seq}`,
    clientIp: '127.0.0.1',
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    persistConsumerOffsetIntervalMs: 50,
    suspendCurrentQueueTimeMillis: 20,
    consumeConcurrency: 4,
    ...extra,
  });
  consumer.subscribe('T');
  consumer.registerOrderlyListener((msgs) =>
    listener(
      msgs.map((m) => m.queueOffset),
      msgs.map((m) => m.reconsumeTimes),
    ),
  );
  return consumer;
}

const lockedKeys = (): string[] => [...cluster.broker().locks.keys()].sort();

beforeEach(async () => {
  cluster = await FakeCluster.start(freePort, 1);
  cluster.createTopic('T', 2);
  cluster.createTopic('%RETRY%CG', 1);
});

afterEach(async () => {
  await consumer?.shutdown();
  consumer = undefined;
  await cluster.close();
});

describe('PushConsumer (orderly)', () => {
  it('locks its queues, consumes each in order one call at a time, and unlocks on shutdown', async () => {
    seedMessages(cluster.broker(), 'T', 0, 20);
    seedMessages(cluster.broker(), 'T', 1, 20);
    const seen = new Map<number, number[]>();
    let inFlightQueue0 = 0;
    let maxInFlightQueue0 = 0;
    const c = newOrderlyConsumer(() => 'SUCCESS');
    c.registerOrderlyListener(async (msgs, ctx): Promise<ConsumeOrderlyStatus> => {
      const q = ctx.messageQueue.queueId;
      if (q === 0) maxInFlightQueue0 = Math.max(maxInFlightQueue0, ++inFlightQueue0);
      await new Promise((r) => setTimeout(r, 1));
      seen.set(q, [...(seen.get(q) ?? []), ...msgs.map((m) => m.queueOffset)]);
      if (q === 0) inFlightQueue0 -= 1;
      return 'SUCCESS';
    });
    await c.start();
    await waitFor('all 40', () => (seen.get(0)?.length ?? 0) + (seen.get(1)?.length ?? 0) === 40);
    const inOrder = Array.from({ length: 20 }, (_, i) => i);
    expect(seen.get(0)).toEqual(inOrder);
    expect(seen.get(1)).toEqual(inOrder);
    expect(maxInFlightQueue0).toBe(1);
    expect(lockedKeys()).toEqual(['T@broker-a@0', 'T@broker-a@1', '%RETRY%CG@broker-a@0'].sort());
    const lock = decodeLockBatchRequestBody(
      cluster.broker().requestsWithCode(RequestCode.LOCK_BATCH_MQ)[0]!.body!,
    );
    expect(lock).toMatchObject({ consumerGroup: 'CG', clientId: `127.0.0.1@orderly-spec-${seq}` });
    await waitFor('offsets committed', () => cluster.broker().offsets.get('CG@T@0') === 20);
    await c.shutdown();
    expect(cluster.broker().requestsWithCode(RequestCode.UNLOCK_BATCH_MQ).length).toBeGreaterThan(0);
    expect(lockedKeys()).toEqual([]);
  });

  it('does not consume a queue another client holds the lock of', async () => {
    seedMessages(cluster.broker(), 'T', 0, 3);
    seedMessages(cluster.broker(), 'T', 1, 3);
    cluster.broker().locks.set('T@broker-a@0', 'someone-else');
    const c = newOrderlyConsumer(() => 'SUCCESS');
    const queues: number[] = [];
    c.registerOrderlyListener((msgs, ctx) => {
      queues.push(ctx.messageQueue.queueId);
      return 'SUCCESS';
    });
    await c.start();
    await waitFor('queue 1 consumed', () => queues.length === 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(new Set(queues)).toEqual(new Set([1]));
  });

  it('SUSPEND retries the same messages, then sends them back after maxReconsumeTimes', async () => {
    seedMessages(cluster.broker(), 'T', 0, 2);
    const calls: Array<[number, number]> = [];
    const c = newOrderlyConsumer(
      (offsets, times) => {
        calls.push([offsets[0]!, times[0]!]);
        return offsets[0] === 0 ? 'SUSPEND_CURRENT_QUEUE_A_MOMENT' : 'SUCCESS';
      },
      { maxReconsumeTimes: 2 },
    );
    await c.start();
    await waitFor('message 1 consumed', () => calls.some(([o]) => o === 1));
    expect(calls.filter(([o]) => o === 0)).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
    ]);
    const copy = cluster
      .broker()
      .requestsWithCode(RequestCode.SEND_MESSAGE_V2)
      .map((r) => SendMessageRequestHeaderV2.decode(r.extFields))
      .find((h) => h.b === '%RETRY%CG');
    expect(copy).toMatchObject({ j: 2, l: 2 });
    expect(decodeMessageProperties(copy!.i!).get('RETRY_TOPIC')).toBe('T');
    await waitFor('offset 2', () => cluster.broker().offsets.get('CG@T@0') === 2);
    expect(cluster.broker().store.messages('%DLQ%CG', 0)).toHaveLength(1);
  });
});
