/**
 * Process test of consumer-group membership on a real broker: HEART_BEAT registers a consumer (and
 * creates its group and %RETRY% topic), GET_CONSUMER_LIST_BY_GROUP lists the members, and every
 * member is told NOTIFY_CONSUMER_IDS_CHANGED (40) when another joins, unregisters or disconnects.
 */
import {
  createRequest,
  decodeGetConsumerListByGroupResponseBody,
  encodeHeartbeatData,
  buildSubscriptionData,
  GetConsumerListByGroupRequestHeader,
  NotifyConsumerIdsChangedRequestHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
  UnregisterClientRequestHeader,
} from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { waitFor } from '@rmq/testing';
import { createTopic, getRoute, REQUEST_TIMEOUT_MS } from './support/broker-requests';
import { BrokerProcess, TestCluster } from './support/cluster';

const GROUP = 'membership-group';

/** A pretend consumer on its own connection that records the broker's notifications. */
class PretendConsumer {
  readonly client = new RemotingClient();
  readonly notified: string[] = [];

  constructor(readonly clientId: string) {
    this.client.setRequestHandler((request: RemotingCommand) => {
      if (request.code === RequestCode.NOTIFY_CONSUMER_IDS_CHANGED) {
        this.notified.push(NotifyConsumerIdsChangedRequestHeader.decode(request.extFields).consumerGroup);
      }
      return undefined;
    });
  }

  async heartbeat(brokerAddr: string, topic: string): Promise<void> {
    const body = encodeHeartbeatData({
      clientID: this.clientId,
      producerDataSet: [],
      consumerDataSet: [
        {
          groupName: GROUP,
          consumeType: 'CONSUME_PASSIVELY',
          messageModel: 'CLUSTERING',
          consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
          unitMode: false,
          subscriptionDataSet: [buildSubscriptionData(topic, '*', Date.now())],
        },
      ],
    });
    const r = await this.client.invoke(
      brokerAddr,
      createRequest(RequestCode.HEART_BEAT, undefined, body),
      REQUEST_TIMEOUT_MS,
    );
    expect(r.code).toBe(ResponseCode.SUCCESS);
  }
}

describe('consumer group membership (processes)', () => {
  let cluster: TestCluster;
  let broker: BrokerProcess;
  const admin = new RemotingClient();
  const consumers = [new PretendConsumer('127.0.0.1@one'), new PretendConsumer('127.0.0.1@two')];

  beforeAll(async () => {
    cluster = await TestCluster.start('group-membership');
    broker = await cluster.startBroker({ brokerName: 'broker-m' });
    await createTopic(admin, broker.addr, 'MembershipTopic', 2);
  });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.client.close()));
    await admin.close();
    await cluster?.close();
  });

  const members = async (): Promise<string[]> => {
    const header = GetConsumerListByGroupRequestHeader.encode({ consumerGroup: GROUP });
    const r = await admin.invoke(
      broker.addr,
      createRequest(RequestCode.GET_CONSUMER_LIST_BY_GROUP, header),
      REQUEST_TIMEOUT_MS,
    );
    if (r.code !== ResponseCode.SUCCESS) return [];
    return decodeGetConsumerListByGroupResponseBody(r.body ?? Buffer.alloc(0)).consumerIdList.sort();
  };

  it('lists members, creates the retry topic, and tells members when another joins', async () => {
    const [one, two] = consumers as [PretendConsumer, PretendConsumer];
    await one.heartbeat(broker.addr, 'MembershipTopic');
    expect(await members()).toEqual(['127.0.0.1@one']);
    await waitFor(
      'the %RETRY% route',
      () => getRoute(admin, cluster.namesrvAddr, `%RETRY%${GROUP}`).catch(() => undefined),
      15_000,
      200,
    );
    await two.heartbeat(broker.addr, 'MembershipTopic');
    expect(await members()).toEqual(['127.0.0.1@one', '127.0.0.1@two']);
    await waitFor('one to be notified', () => one.notified.includes(GROUP) || undefined, 5_000, 20);
  });

  it('tells the remaining member when one unregisters, and again when one disconnects', async () => {
    const [one, two] = consumers as [PretendConsumer, PretendConsumer];
    const before = one.notified.length;
    const header = UnregisterClientRequestHeader.encode({ clientID: two.clientId, consumerGroup: GROUP });
    await two.client.invoke(
      broker.addr,
      createRequest(RequestCode.UNREGISTER_CLIENT, header),
      REQUEST_TIMEOUT_MS,
    );
    await waitFor(
      'a notification after unregister',
      () => one.notified.length > before || undefined,
      5_000,
      20,
    );
    expect(await members()).toEqual(['127.0.0.1@one']);
    const beforeRejoin = one.notified.length;
    await two.heartbeat(broker.addr, 'MembershipTopic');
    await waitFor(
      'a notification after rejoining',
      () => one.notified.length > beforeRejoin || undefined,
      5_000,
      20,
    );
    const rejoined = one.notified.length;
    await two.client.close();
    await waitFor(
      'a notification after disconnect',
      () => one.notified.length > rejoined || undefined,
      5_000,
      20,
    );
    expect(
      await waitFor('two gone', async () => ((await members()).length === 1 ? true : undefined), 5_000, 50),
    ).toBe(true);
  });
});
