/**
 * Process test: `bin/mqshutdown broker` while a consumer holds a long poll. The held pull is
 * answered, the process exits 0 within its grace period, the NameServer no longer lists the broker,
 * the store's abort file is gone (clean shutdown), and a restart recovers normally with every
 * message still there. mqshutdown signals every broker of its install; the test cluster runs from
 * a private install, so brokers of other tests running at the same time are not touched.
 */
import { ClusterInfo, ResponseCode } from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { waitFor } from '@rmq/testing';
import {
  createTopic,
  getClusterInfo,
  propertiesOf,
  pullMessage,
  PullResult,
  pullWholeQueue,
  sendMessageV2,
} from './support/broker-requests';
import { BrokerProcess, TestCluster } from './support/cluster';

const TOPIC = 'GracefulTopic';
const QUEUE_NUMS = 4;
const GROUP = 'graceful-group';
const MESSAGES = 20;
/** The broker's SHUTDOWN_GRACE_MS (10 s) plus slack for the stop itself. */
const STOP_WAIT_MS = 15_000;
const LONG_POLL_MS = 30_000;

function listedAddr(info: ClusterInfo, brokerName: string): string | undefined {
  return info.brokerAddrTable.get(brokerName)?.brokerAddrs.get(0);
}

describe('bin/mqshutdown broker while the broker holds a long poll', () => {
  let cluster: TestCluster;
  let broker: BrokerProcess;
  const client = new RemotingClient();
  const sentKeys: string[] = [];

  beforeAll(async () => {
    cluster = await TestCluster.start('broker-graceful');
    broker = await cluster.startBroker({ brokerName: 'broker-g' });
    await createTopic(client, broker.addr, TOPIC, QUEUE_NUMS);
    for (let i = 0; i < MESSAGES; i += 1) {
      const key = `graceful-${i}`;
      const sent = await sendMessageV2(client, broker.addr, {
        topic: TOPIC,
        queueId: i % QUEUE_NUMS,
        keys: key,
        body: Buffer.from(key),
      });
      expect(sent.code).toBe(ResponseCode.SUCCESS);
      sentKeys.push(key);
    }
    await waitFor(
      'the NameServer to list the broker',
      async () => listedAddr(await getClusterInfo(client, cluster.namesrvAddr), 'broker-g') === broker.addr,
      15_000,
    );
  });

  afterAll(async () => {
    await client.close();
    await cluster?.close();
  });

  it('answers the held pull, exits 0, leaves the NameServer and removes its abort file', async () => {
    expect(broker.abortFileExists).toBe(true);
    const poller = new RemotingClient();
    try {
      const tail = { consumerGroup: GROUP, topic: TOPIC, queueId: 0, queueOffset: MESSAGES / QUEUE_NUMS };
      // A first pull creates the group; the held one goes out next on the same connection, and a
      // third request behind it proves the broker already took the held one in.
      expect((await pullMessage(poller, broker.addr, tail)).code).toBe(ResponseCode.PULL_NOT_FOUND);
      const held: Promise<PullResult> = pullMessage(
        poller,
        broker.addr,
        { ...tail, suspendTimeoutMillis: LONG_POLL_MS },
        LONG_POLL_MS + 10_000,
      );
      expect((await pullMessage(poller, broker.addr, tail)).code).toBe(ResponseCode.PULL_NOT_FOUND);

      const shutdown = await cluster.mqshutdown('broker');
      expect(shutdown).toEqual({
        code: 0,
        output: expect.stringContaining(`mqbroker(${broker.process.pid})`),
      });
      expect(await broker.process.waitForExit(STOP_WAIT_MS)).toBe(0);
      expect((await held).code).toBe(ResponseCode.PULL_NOT_FOUND);
    } finally {
      await poller.close();
    }
    expect(broker.process.text()).not.toContain('graceful stop did not finish in time');
    const info = await getClusterInfo(client, cluster.namesrvAddr);
    expect(listedAddr(info, 'broker-g')).toBeUndefined();
    expect(broker.abortFileExists).toBe(false);
  });

  it('restarts with a normal recovery and every message still there', async () => {
    await broker.restart();
    expect(broker.process.text()).toContain('store recovered after a clean shutdown');
    const keys: string[] = [];
    for (let queueId = 0; queueId < QUEUE_NUMS; queueId += 1) {
      const messages = await pullWholeQueue(client, broker.addr, {
        consumerGroup: GROUP,
        topic: TOPIC,
        queueId,
      });
      keys.push(...messages.map((m) => propertiesOf(m).get('KEYS') ?? ''));
    }
    expect(keys.sort()).toEqual([...sentKeys].sort());
    await waitFor(
      'the NameServer to list the restarted broker',
      async () => listedAddr(await getClusterInfo(client, cluster.namesrvAddr), 'broker-g') === broker.addr,
      15_000,
    );
  });
});
