/**
 * Process test: kill -9 of a SYNC_FLUSH broker under load from several concurrent senders. After a
 * restart on the same store every acknowledged message is served at the queue and offset its ack
 * named, and a consumer group resumes from the offsets it committed (and the broker persisted)
 * before the kill.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeConsumerOffsetSerializeWrapper, DecodedStoredMessage, ResponseCode } from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { waitFor } from '@rmq/testing';
import {
  createTopic,
  propertiesOf,
  pullMessage,
  pullWholeQueue,
  queryConsumerOffset,
  updateConsumerOffset,
} from './support/broker-requests';
import { BrokerProcess, TestCluster } from './support/cluster';
import { SendLoad } from './support/send-load';

const TOPIC = 'CrashTopic';
const QUEUE_NUMS = 4;
const GROUP = 'crash-group';
const OFFSET_PERSIST_INTERVAL_MS = 200;
const ACKED_BEFORE_COMMIT = 1_500;
const ACKED_BEFORE_KILL = 1_500;
const LOAD_WAIT_MS = 60_000;

/** The offsets config/consumerOffset.json holds for the group, by queueId (empty if none yet). */
function persistedOffsets(broker: BrokerProcess): Map<number, number> {
  try {
    const text = readFileSync(path.join(broker.storeDir, 'config', 'consumerOffset.json'), 'utf8');
    const table = decodeConsumerOffsetSerializeWrapper(text).offsetTable;
    return table.get(`${TOPIC}@${GROUP}`) ?? new Map<number, number>();
  } catch {
    return new Map<number, number>(); // not written yet, or being replaced
  }
}

describe('kill -9 of a SYNC_FLUSH broker under load', () => {
  let cluster: TestCluster;
  let broker: BrokerProcess;
  const client = new RemotingClient();

  beforeAll(async () => {
    cluster = await TestCluster.start('broker-crash');
    broker = await cluster.startBroker({
      brokerName: 'broker-crash',
      properties: { flushDiskType: 'SYNC_FLUSH', flushConsumerOffsetInterval: OFFSET_PERSIST_INTERVAL_MS },
    });
    await createTopic(client, broker.addr, TOPIC, QUEUE_NUMS);
  });

  afterAll(async () => {
    await client.close();
    await cluster?.close();
  });

  it('serves every acknowledged message and the committed offsets after a restart', async () => {
    const load = new SendLoad({
      brokerAddr: broker.addr,
      topic: TOPIC,
      queueNums: QUEUE_NUMS,
      senders: 4,
      windowSize: 8,
      messagesPerSenderMax: 200_000,
    });
    let committed: Map<number, number>;
    try {
      await waitFor('acks before the commit', () => load.acked.length >= ACKED_BEFORE_COMMIT, LOAD_WAIT_MS);
      committed = await commitHalfOfEachQueue(load.acked.slice());
      await waitFor(
        'the committed offsets in consumerOffset.json',
        () => [...committed].every(([q, offset]) => persistedOffsets(broker).get(q) === offset),
        10_000,
      );
      const ackedAtCommit = load.acked.length;
      await waitFor(
        'acks after the commit',
        () => load.acked.length >= ackedAtCommit + ACKED_BEFORE_KILL,
        LOAD_WAIT_MS,
      );
      await broker.kill();
    } finally {
      await load.stop();
    }
    expect(load.refusals).toEqual([]);
    expect(load.failures).toBeGreaterThan(0); // the kill really hit sends in flight

    await broker.restart();
    expect(broker.process.text()).toContain('store recovered after a crash');

    const stored = await storedByKey();
    const missing = load.acked.filter((ack) => {
      const msg = stored.get(ack.key);
      return msg?.queueId !== ack.queueId || msg.queueOffset !== ack.queueOffset;
    });
    expect({ acked: load.acked.length, missing: missing.slice(0, 10) }).toEqual({
      acked: load.acked.length,
      missing: [],
    });

    for (const [queueId, offset] of committed) {
      expect(
        await queryConsumerOffset(client, broker.addr, { consumerGroup: GROUP, topic: TOPIC, queueId }),
      ).toBe(offset);
      const resumed = await pullMessage(client, broker.addr, {
        consumerGroup: GROUP,
        topic: TOPIC,
        queueId,
        queueOffset: offset,
        maxMsgNums: 1,
      });
      expect(resumed.code).toBe(ResponseCode.SUCCESS);
      expect(resumed.messages[0]?.queueOffset).toBe(offset);
    }
  });

  /** Commits, per queue, half of what was acked there so far; returns queueId → offset. */
  async function commitHalfOfEachQueue(acked: readonly { queueId: number; queueOffset: number }[]) {
    const committed = new Map<number, number>();
    for (let queueId = 0; queueId < QUEUE_NUMS; queueId += 1) {
      const acks = acked.filter((a) => a.queueId === queueId).length;
      const commitOffset = Math.floor(acks / 2);
      await updateConsumerOffset(client, broker.addr, {
        consumerGroup: GROUP,
        topic: TOPIC,
        queueId,
        commitOffset,
      });
      committed.set(queueId, commitOffset);
    }
    return committed;
  }

  /** Every message of the topic, pulled from offset 0, by KEYS; a key stored twice fails the test. */
  async function storedByKey(): Promise<Map<string, DecodedStoredMessage>> {
    const byKey = new Map<string, DecodedStoredMessage>();
    const duplicates: string[] = [];
    for (let queueId = 0; queueId < QUEUE_NUMS; queueId += 1) {
      const messages = await pullWholeQueue(client, broker.addr, {
        consumerGroup: 'crash-reader',
        topic: TOPIC,
        queueId,
      });
      for (const msg of messages) {
        const key = propertiesOf(msg).get('KEYS') ?? '';
        if (byKey.has(key)) duplicates.push(key);
        byKey.set(key, msg);
      }
    }
    expect(duplicates).toEqual([]);
    return byKey;
  }
});
