/**
 * Transactional messages end to end through bin/mqnamesrv + bin/mqbroker, speaking RocketMQ 4.x's
 * protocol over @rmq/remoting as a Java producer does (ali-ons 3.12 has no transactional producer:
 * no END_TRANSACTION, no CHECK_TRANSACTION_STATE handler). The producer registers its group with
 * HEART_BEAT, sends half messages with SEND_MESSAGE_V2 (TRAN_MSG=true, PGROUP, prepared sysFlag),
 * ends them with oneway END_TRANSACTION, and answers the broker's CHECK_TRANSACTION_STATE with
 * END_TRANSACTION fromTransactionCheck=true. The broker checks every second after a 1 s timeout.
 */
import {
  CheckTransactionStateRequestHeader,
  CID_RMQ_SYS_TRANS,
  createRequest,
  decodeOffsetMessageId,
  decodeStoredMessage,
  encodeHeartbeatData,
  encodeMessageProperties,
  EndTransactionRequestHeader,
  MessageConst,
  MessageSysFlag,
  RemotingCommand,
  RequestCode,
  ResponseCode,
  SendMessageRequestHeaderV2,
  SendMessageResponseHeader,
  sendMessageHeaderV1ToV2,
  SystemTopic,
  UniqueMessageIdGenerator,
} from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { waitFor } from '@rmq/testing';
import {
  createTopic,
  pullWholeQueue,
  queryConsumerOffset,
  REQUEST_TIMEOUT_MS,
} from './support/broker-requests';
import { BrokerProcess, TestCluster } from './support/cluster';

const TOPIC = 'TxOrders';
const QUEUE_ID = 1;
const PRODUCER_GROUP = 'PID_tx_process';
/** Timeout 1 s + check interval 1 s, with room for a loaded 2-core machine. */
const CHECK_WAIT_MS = 20_000;

interface Prepared {
  uniqKey: string;
  queueOffset: number;
  commitLogOffset: number;
}

describe('transactional messages through bin/mqbroker (commit, rollback, check-back)', () => {
  let cluster: TestCluster;
  let broker: BrokerProcess;
  const producer = new RemotingClient();
  const consumer = new RemotingClient();
  const checks: RemotingCommand[] = [];
  const uniqIds = new UniqueMessageIdGenerator({
    clientHost: '127.0.0.1',
    pid: process.pid,
    nowMs: Date.now,
  });

  beforeAll(async () => {
    cluster = await TestCluster.start('broker-transaction');
    broker = await cluster.startBroker({
      brokerName: 'broker-tx',
      args: ['--transactionCheckInterval=1000', '--transactionTimeOut=1000'],
    });
    await createTopic(consumer, broker.addr, TOPIC, 4);
    producer.setRequestHandler((request) => {
      if (request.code === RequestCode.CHECK_TRANSACTION_STATE) checks.push(request);
      return undefined;
    });
    const heartbeat = encodeHeartbeatData({
      clientID: '127.0.0.1@tx-process-test',
      producerDataSet: [{ groupName: PRODUCER_GROUP }],
      consumerDataSet: [],
    });
    const response = await producer.invoke(
      broker.addr,
      createRequest(RequestCode.HEART_BEAT, undefined, heartbeat),
      REQUEST_TIMEOUT_MS,
    );
    expect(response.code).toBe(ResponseCode.SUCCESS);
  });

  afterAll(async () => {
    await producer.close();
    await consumer.close();
    await cluster?.close();
  });

  async function sendHalf(body: string): Promise<Prepared> {
    const uniqKey = uniqIds.next();
    const properties = encodeMessageProperties([
      [MessageConst.PROPERTY_TRANSACTION_PREPARED, 'true'],
      [MessageConst.PROPERTY_PRODUCER_GROUP, PRODUCER_GROUP],
      [MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniqKey],
      [MessageConst.PROPERTY_TAGS, 'TagTx'],
      [MessageConst.PROPERTY_WAIT_STORE_MSG_OK, 'true'],
    ]);
    const header = sendMessageHeaderV1ToV2({
      producerGroup: PRODUCER_GROUP,
      topic: TOPIC,
      defaultTopic: 'TBW102',
      defaultTopicQueueNums: 4,
      queueId: QUEUE_ID,
      sysFlag: MessageSysFlag.TRANSACTION_PREPARED_TYPE,
      bornTimestamp: Date.now(),
      flag: 0,
      properties,
      reconsumeTimes: 0,
      unitMode: false,
      batch: false,
    });
    const request = createRequest(
      RequestCode.SEND_MESSAGE_V2,
      SendMessageRequestHeaderV2.encode(header),
      Buffer.from(body),
    );
    const response = await producer.invoke(broker.addr, request, REQUEST_TIMEOUT_MS);
    expect(response.code).toBe(ResponseCode.SUCCESS);
    const sent = SendMessageResponseHeader.decode(response.extFields);
    expect(sent.transactionId).toBe(uniqKey);
    return {
      uniqKey,
      queueOffset: sent.queueOffset,
      commitLogOffset: decodeOffsetMessageId(sent.msgId).commitLogOffset,
    };
  }

  /** END_TRANSACTION, oneway as Java sends it. */
  async function endTransaction(
    prepared: Prepared,
    decision: number,
    fromTransactionCheck: boolean,
  ): Promise<void> {
    const header = EndTransactionRequestHeader.encode({
      producerGroup: PRODUCER_GROUP,
      tranStateTableOffset: prepared.queueOffset,
      commitLogOffset: prepared.commitLogOffset,
      commitOrRollback: decision,
      fromTransactionCheck,
      msgId: prepared.uniqKey,
      transactionId: prepared.uniqKey,
    });
    await producer.invokeOneway(broker.addr, createRequest(RequestCode.END_TRANSACTION, header));
  }

  async function visibleBodies(): Promise<string[]> {
    const all = await pullWholeQueue(consumer, broker.addr, {
      consumerGroup: 'CID_tx_reader',
      topic: TOPIC,
      queueId: QUEUE_ID,
    });
    return all.map((msg) => msg.body.toString());
  }

  function checksFor(uniqKey: string): CheckTransactionStateRequestHeader[] {
    return checks
      .map((check) => CheckTransactionStateRequestHeader.decode(check.extFields))
      .filter((header) => header.msgId === uniqKey);
  }

  it('a committed half message becomes visible once; a rolled-back one never', async () => {
    const committed = await sendHalf('committed');
    const rolledBack = await sendHalf('rolled-back');
    expect(await visibleBodies()).toEqual([]);
    await endTransaction(committed, MessageSysFlag.TRANSACTION_COMMIT_TYPE, false);
    await endTransaction(rolledBack, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE, false);
    const bodies = await waitFor('the committed message', async () => {
      const visible = await visibleBodies();
      return visible.length > 0 ? visible : undefined;
    });
    expect(bodies).toEqual(['committed']);
  });

  it('an undecided transaction is checked back until the producer commits it', async () => {
    const undecided = await sendHalf('undecided');
    const first = await waitFor('a first check-back', () => checksFor(undecided.uniqKey)[0], CHECK_WAIT_MS);
    expect(first.tranStateTableOffset).toBeGreaterThan(undecided.queueOffset);
    expect(first.transactionId).toBe(undecided.uniqKey);
    const firstCheck = checks.find((c) => c.extFields?.['msgId'] === undecided.uniqKey);
    const checked = decodeStoredMessage(firstCheck?.body ?? Buffer.alloc(0));
    expect(checked).toMatchObject({ topic: TOPIC, queueId: QUEUE_ID, physicalOffset: first.commitLogOffset });
    expect(checked.body.toString()).toBe('undecided');

    // "Unknown" leaves it pending: the broker asks again, about a newer copy.
    const asFirst = {
      ...undecided,
      queueOffset: first.tranStateTableOffset,
      commitLogOffset: first.commitLogOffset,
    };
    await endTransaction(asFirst, MessageSysFlag.TRANSACTION_NOT_TYPE, true);
    const second = await waitFor('a second check-back', () => checksFor(undecided.uniqKey)[1], CHECK_WAIT_MS);
    expect(second.tranStateTableOffset).toBeGreaterThan(first.tranStateTableOffset);

    const asSecond = {
      ...undecided,
      queueOffset: second.tranStateTableOffset,
      commitLogOffset: second.commitLogOffset,
    };
    await endTransaction(asSecond, MessageSysFlag.TRANSACTION_COMMIT_TYPE, true);
    await waitFor('the message committed from a check-back', async () =>
      (await visibleBodies()).includes('undecided') ? true : undefined,
    );
    expect(await visibleBodies()).toEqual(['committed', 'undecided']);
    const progress = await queryConsumerOffset(consumer, broker.addr, {
      consumerGroup: CID_RMQ_SYS_TRANS,
      topic: SystemTopic.TRANS_HALF,
      queueId: 0,
    });
    expect(progress).toBeGreaterThanOrEqual(second.tranStateTableOffset);
  });

  it('never checked back the transactions its producer ended itself', () => {
    const checkedKeys = new Set(
      checks.map((check) => CheckTransactionStateRequestHeader.decode(check.extFields).msgId),
    );
    expect(checkedKeys.size).toBe(1);
  });
});
