import {
  createRequest,
  decodeMessageProperties,
  decodeOffsetMessageId,
  decodeStoredMessage,
  EndTransactionRequestHeader,
  MessageSysFlag,
  RequestCode,
} from '@rmq/protocol';
import { freePort, waitFor } from '@rmq/testing';
import { FakeCluster } from '../testing/fake-cluster';
import { Producer } from './producer';
import { LocalTransactionState } from './transaction-listener';

let cluster: FakeCluster;
let producer: Producer;

function newProducer(extra: Partial<ConstructorParameters<typeof Producer>[0]> = {}): Producer {
  return new Producer({ producerGroup: 'PG', ...cluster.clientConfig('producer-spec'), ...extra });
}

beforeEach(async () => {
  cluster = await FakeCluster.start(freePort, 2);
});

afterEach(async () => {
  await producer?.shutdown();
  await cluster.close();
});

describe('Producer transactions', () => {
  function endTransactions(): EndTransactionRequestHeader[] {
    return cluster
      .broker(0)
      .requestsWithCode(RequestCode.END_TRANSACTION)
      .map((r) => EndTransactionRequestHeader.decode(r.extFields));
  }

  it.each<[LocalTransactionState | 'throw', number]>([
    ['COMMIT_MESSAGE', 8],
    ['ROLLBACK_MESSAGE', 12],
    ['UNKNOW', 0],
    ['throw', 0],
  ])('half message then END_TRANSACTION for %s (commitOrRollback %i)', async (outcome, commitOrRollback) => {
    cluster.createTopic('T', 1, [cluster.broker(0)]);
    producer = newProducer({
      transactionListener: {
        executeLocalTransaction: () => {
          if (outcome === 'throw') throw new Error('local failure');
          return outcome;
        },
        checkLocalTransaction: () => 'COMMIT_MESSAGE',
      },
    });
    await producer.start();
    const result = await producer.sendMessageInTransaction({ topic: 'T', body: Buffer.from('tx') }, 'arg');
    expect(result.localTransactionState).toBe(outcome === 'throw' ? 'UNKNOW' : outcome);
    const [half] = cluster.broker(0).store.messages('RMQ_SYS_TRANS_HALF_TOPIC', 0);
    const props = decodeMessageProperties(half!.propertiesString);
    expect(props.get('TRAN_MSG')).toBe('true');
    expect(props.get('PGROUP')).toBe('PG');
    expect(half!.sysFlag & MessageSysFlag.TRANSACTION_PREPARED_TYPE).toBe(
      MessageSysFlag.TRANSACTION_PREPARED_TYPE,
    );
    const [end] = await waitFor('END_TRANSACTION', () =>
      endTransactions().length > 0 ? endTransactions() : undefined,
    );
    expect(end).toMatchObject({
      producerGroup: 'PG',
      commitOrRollback,
      fromTransactionCheck: false,
      tranStateTableOffset: result.queueOffset,
      commitLogOffset: decodeOffsetMessageId(result.offsetMsgId).commitLogOffset,
      msgId: result.msgId,
    });
  });

  it('answers CHECK_TRANSACTION_STATE with END_TRANSACTION fromTransactionCheck=true', async () => {
    cluster.createTopic('T', 1, [cluster.broker(0)]);
    const checked: string[] = [];
    producer = newProducer({
      heartbeatBrokerIntervalMs: 50,
      transactionListener: {
        executeLocalTransaction: () => 'UNKNOW',
        checkLocalTransaction: (msg) => {
          checked.push(msg.body.toString());
          return 'ROLLBACK_MESSAGE';
        },
      },
    });
    await producer.start();
    const result = await producer.sendMessageInTransaction({ topic: 'T', body: Buffer.from('check me') });
    const broker = cluster.broker(0);
    const [stored] = broker.store.messages('RMQ_SYS_TRANS_HALF_TOPIC', 0);
    const check = createRequest(
      RequestCode.CHECK_TRANSACTION_STATE,
      {
        tranStateTableOffset: '0',
        commitLogOffset: String(stored!.physicalOffset),
        msgId: result.msgId,
        transactionId: 'tx-1',
      },
      broker.store.recordAt(stored!.physicalOffset),
    );
    expect(broker.sendToClients(check)).toBeGreaterThan(0);
    const fromCheck = await waitFor('checked END_TRANSACTION', () =>
      endTransactions().find((h) => h.fromTransactionCheck),
    );
    expect(checked).toEqual(['check me']);
    expect(fromCheck).toMatchObject({
      commitOrRollback: 12,
      msgId: result.msgId,
      transactionId: 'tx-1',
      producerGroup: 'PG',
    });
    expect(decodeStoredMessage(broker.store.recordAt(stored!.physicalOffset)!).topic).toBe(
      'RMQ_SYS_TRANS_HALF_TOPIC',
    );
  });
});
