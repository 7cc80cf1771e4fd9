import { readFileSync } from 'node:fs';
import { RequestCode } from '@rmq/protocol';
import { freePort, makeTempDir, waitFor } from '@rmq/testing';
import { MessageExt } from '../message/message-ext';
import { FakeCluster } from '../testing/fake-cluster';
import { seedMessages } from '../testing/seed-messages';
import { PushConsumer } from './push-consumer';

let cluster: FakeCluster;
let dir: { dir: string; remove(): void };
const consumers: PushConsumer[] = [];

function broadcastingConsumer(instanceName: string, seen: MessageExt[]): PushConsumer {
  const consumer = new PushConsumer({
    consumerGroup: 'BG',
    namesrvAddr: cluster.namesrvAddr,
    instanceName,
    clientIp: '127.0.0.1',
    messageModel: 'BROADCASTING',
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    offsetStoreDir: dir.dir,
    persistConsumerOffsetIntervalMs: 50,
  });
  consumer.subscribe('T');
  consumer.registerMessageListener((msgs) => {
    seen.push(...msgs);
    return 'CONSUME_SUCCESS';
  });
  consumers.push(consumer);
  return consumer;
}

beforeEach(async () => {
  cluster = await FakeCluster.start(freePort, 1);
  cluster.createTopic('T', 2);
  dir = makeTempDir('client-broadcast');
});

afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.shutdown()));
  await cluster.close();
  dir.remove();
});

describe('PushConsumer (broadcasting)', () => {
  it('every client gets every queue and keeps offsets in its own file, never on the broker', async () => {
    seedMessages(cluster.broker(), 'T', 0, 3);
    seedMessages(cluster.broker(), 'T', 1, 2);
    const seenA: MessageExt[] = [];
    const seenB: MessageExt[] = [];
    const a = broadcastingConsumer('bc-a', seenA);
    const b = broadcastingConsumer('bc-b', seenB);
    await a.start();
    await b.start();
    await waitFor('both saw all 5', () => seenA.length === 5 && seenB.length === 5);
    await a.shutdown();
    await b.shutdown();
    const broker = cluster.broker();
    expect(broker.requestsWithCode(RequestCode.UPDATE_CONSUMER_OFFSET)).toHaveLength(0);
    expect(broker.requestsWithCode(RequestCode.QUERY_CONSUMER_OFFSET)).toHaveLength(0);
    expect(broker.requestsWithCode(RequestCode.GET_CONSUMER_LIST_BY_GROUP)).toHaveLength(0);
    for (const name of ['bc-a', 'bc-b']) {
      const file = JSON.parse(readFileSync(`${dir.dir}/127.0.0.1_${name}/BG/offsets.json`, 'utf8')) as {
        offsetTable: Array<{ queueId: number; offset: number }>;
      };
      expect(file.offsetTable.map((e) => [e.queueId, e.offset]).sort()).toEqual([
        [0, 3],
        [1, 2],
      ]);
    }
  });

  it('resumes from its file after a restart', async () => {
    seedMessages(cluster.broker(), 'T', 0, 3);
    const first: MessageExt[] = [];
    const c1 = broadcastingConsumer('bc-restart', first);
    await c1.start();
    await waitFor('3 messages', () => first.length === 3);
    await c1.shutdown();
    seedMessages(cluster.broker(), 'T', 1, 1);
    const second: MessageExt[] = [];
    const c2 = broadcastingConsumer('bc-restart', second);
    await c2.start();
    await waitFor('the new message', () => second.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(second.map((m) => `${m.queueId}/${m.queueOffset}`)).toEqual(['1/0']);
  });
});
