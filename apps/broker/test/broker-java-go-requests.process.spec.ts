/**
 * Process test of the request shapes the Java and Go clients use and ali-ons does not: SEND_MESSAGE
 * (10) with V1 header names and `bname` (Go), PULL_MESSAGE without the subscription flag so the
 * broker filters with the subscription the group's HEART_BEAT registered (Java push consumers),
 * oneway UPDATE_CONSUMER_OFFSET (Java), and the offset queries of pull consumers (29, 31, 32).
 */
import {
  buildPullSysFlag,
  buildSubscriptionData,
  createRequest,
  decodeStoredMessages,
  encodeHeartbeatData,
  encodeMessageProperties,
  GetEarliestMsgStoretimeRequestHeader,
  GetEarliestMsgStoretimeResponseHeader,
  GetMinOffsetRequestHeader,
  GetMinOffsetResponseHeader,
  PullMessageRequestHeader,
  RemotingCommand,
  RemotingFlag,
  RequestCode,
  ResponseCode,
  SearchOffsetRequestHeader,
  SearchOffsetResponseHeader,
  SendMessageRequestHeader,
  SendMessageResponseHeader,
  UpdateConsumerOffsetRequestHeader,
} from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { waitFor } from '@rmq/testing';
import { createTopic, queryConsumerOffset, REQUEST_TIMEOUT_MS } from './support/broker-requests';
import { BrokerProcess, TestCluster } from './support/cluster';

const TOPIC = 'JavaGoTopic';
const GROUP = 'java-go-group';

describe('Java and Go request shapes (processes)', () => {
  let cluster: TestCluster;
  let broker: BrokerProcess;
  const client = new RemotingClient();
  const storedAt: number[] = [];

  beforeAll(async () => {
    cluster = await TestCluster.start('java-go');
    broker = await cluster.startBroker({ brokerName: 'broker-jg' });
    await createTopic(client, broker.addr, TOPIC, 1);
  });
  afterAll(async () => {
    await client.close();
    await cluster?.close();
  });

  const invoke = (request: RemotingCommand) => client.invoke(broker.addr, request, REQUEST_TIMEOUT_MS);

  it('stores SEND_MESSAGE with V1 field names and bname, as the Go client sends it', async () => {
    for (const [i, tags] of ['TagA', 'TagB', 'TagA'].entries()) {
      const header = SendMessageRequestHeader.encode({
        producerGroup: 'go-producer',
        topic: TOPIC,
        defaultTopic: 'TBW102',
        defaultTopicQueueNums: 4,
        queueId: 0,
        sysFlag: 0,
        bornTimestamp: Date.now(),
        flag: 0,
        properties: encodeMessageProperties([
          ['TAGS', tags],
          ['KEYS', `go-${i}`],
          ['UNIQ_KEY', `UNIQ${i}`],
        ]),
        reconsumeTimes: 0,
        unitMode: false,
        batch: false,
        bname: 'broker-jg',
      });
      const response = await invoke(createRequest(RequestCode.SEND_MESSAGE, header, Buffer.from(`go-${i}`)));
      expect(response.code).toBe(ResponseCode.SUCCESS);
      expect(SendMessageResponseHeader.decode(response.extFields)).toMatchObject({
        queueId: 0,
        queueOffset: i,
      });
      await new Promise((r) => setTimeout(r, 30)); // distinct store times for the timestamp search
    }
  });

  it('filters a pull by the subscription the heartbeat registered when the pull carries none', async () => {
    const heartbeat = encodeHeartbeatData({
      clientID: '127.0.0.1@java',
      producerDataSet: [],
      consumerDataSet: [
        {
          groupName: GROUP,
          consumeType: 'CONSUME_PASSIVELY',
          messageModel: 'CLUSTERING',
          consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
          unitMode: false,
          subscriptionDataSet: [buildSubscriptionData(TOPIC, 'TagA', 1)],
        },
      ],
    });
    expect((await invoke(createRequest(RequestCode.HEART_BEAT, undefined, heartbeat))).code).toBe(
      ResponseCode.SUCCESS,
    );
    const header = PullMessageRequestHeader.encode({
      consumerGroup: GROUP,
      topic: TOPIC,
      queueId: 0,
      queueOffset: 0,
      maxMsgNums: 32,
      sysFlag: buildPullSysFlag({ suspend: true, commitOffset: true }),
      commitOffset: 0,
      suspendTimeoutMillis: 1_000,
      subVersion: 1,
    });
    const response = await invoke(createRequest(RequestCode.PULL_MESSAGE, header));
    expect(response.code).toBe(ResponseCode.SUCCESS);
    const msgs = decodeStoredMessages(response.body ?? Buffer.alloc(0));
    expect(msgs.map((m) => m.body.toString())).toEqual(['go-0', 'go-2']);
    storedAt.push(...msgs.map((m) => m.storeTimestamp));
  });

  it('takes a oneway UPDATE_CONSUMER_OFFSET without answering, and stores the offset', async () => {
    const header = UpdateConsumerOffsetRequestHeader.encode({
      consumerGroup: GROUP,
      topic: TOPIC,
      queueId: 0,
      commitOffset: 2,
    });
    const request = createRequest(RequestCode.UPDATE_CONSUMER_OFFSET, header);
    request.flag |= RemotingFlag.ONEWAY;
    await client.invokeOneway(broker.addr, request);
    await waitFor(
      'the committed offset',
      async () =>
        (await queryConsumerOffset(client, broker.addr, {
          consumerGroup: GROUP,
          topic: TOPIC,
          queueId: 0,
        })) === 2
          ? true
          : undefined,
      5_000,
      20,
    );
  });

  it('answers the offset queries of pull consumers', async () => {
    const queue = { topic: TOPIC, queueId: 0 };
    const min = await invoke(
      createRequest(RequestCode.GET_MIN_OFFSET, GetMinOffsetRequestHeader.encode(queue)),
    );
    expect(GetMinOffsetResponseHeader.decode(min.extFields).offset).toBe(0);
    const earliest = await invoke(
      createRequest(
        RequestCode.GET_EARLIEST_MSG_STORETIME,
        GetEarliestMsgStoretimeRequestHeader.encode(queue),
      ),
    );
    expect(GetEarliestMsgStoretimeResponseHeader.decode(earliest.extFields).timestamp).toBe(storedAt[0]);
    const [first, third] = storedAt as [number, number];
    const search = async (timestamp: number) =>
      SearchOffsetResponseHeader.decode(
        (
          await invoke(
            createRequest(
              RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
              SearchOffsetRequestHeader.encode({ ...queue, timestamp }),
            ),
          )
        ).extFields,
      ).offset;
    expect(await search(third)).toBe(2);
    expect(await search(first - 60_000)).toBe(0);
    expect(await search(third + 60_000)).toBe(2);
  });
});
