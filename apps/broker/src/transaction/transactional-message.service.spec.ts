/**
 * Half messages and END_TRANSACTION against a real DefaultMessageStore: a transactional send parks
 * the message in RMQ_SYS_TRANS_HALF_TOPIC; commit makes the real message pullable exactly once in its
 * topic's consume queue (type COMMIT, pointing back at the half record) and writes an op message;
 * rollback writes only the op message; unknown writes nothing; mismatches and slaves are refused.
 */
import {
  decodeOffsetMessageId,
  EndTransactionRequestHeader,
  getTransactionValue,
  MessageConst,
  MessageSysFlag,
  ResponseCode,
  SystemTopic,
} from '@rmq/protocol';
import { HalfMessageMismatchError } from './transaction.errors';
import {
  DEFAULT_HARNESS_SETTINGS,
  PRODUCER_GROUP,
  REAL_QUEUE_ID,
  REAL_TOPIC,
  TransactionHarness,
} from './test/transaction-harness';
import type { SendReply } from '../send/send-message.service';

function endHeader(
  prepared: SendReply,
  commitOrRollback: number,
  overrides: Partial<EndTransactionRequestHeader> = {},
): EndTransactionRequestHeader {
  return {
    producerGroup: PRODUCER_GROUP,
    tranStateTableOffset: prepared.queueOffset,
    commitLogOffset: decodeOffsetMessageId(prepared.msgId).commitLogOffset,
    commitOrRollback,
    fromTransactionCheck: false,
    msgId: prepared.transactionId ?? '',
    transactionId: prepared.transactionId,
    ...overrides,
  };
}

describe('TransactionalMessageService', () => {
  let h: TransactionHarness;

  beforeEach(async () => {
    h = new TransactionHarness();
    await h.open();
  });
  afterEach(() => h.close());

  it('parks a transactional send in the half topic and answers with its queue offset and transactionId', async () => {
    const reply = await h.sendHalf();
    expect(reply.code).toBe(ResponseCode.SUCCESS);
    expect(reply.queueId).toBe(REAL_QUEUE_ID);
    expect(reply.queueOffset).toBe(0);
    expect(reply.transactionId).toMatch(/^7F000001/);
    expect(h.topics.selectTopicConfig(SystemTopic.TRANS_HALF)).toMatchObject({
      readQueueNums: 1,
      writeQueueNums: 1,
    });

    const [half, ...more] = await h.pullAll(SystemTopic.TRANS_HALF, 0);
    expect(more).toHaveLength(0);
    expect(half?.physicalOffset).toBe(decodeOffsetMessageId(reply.msgId).commitLogOffset);
    expect(getTransactionValue(half?.sysFlag ?? -1)).toBe(MessageSysFlag.TRANSACTION_NOT_TYPE);
    const properties = h.properties(half ?? { propertiesString: '' });
    expect(properties.get(MessageConst.PROPERTY_REAL_TOPIC)).toBe(REAL_TOPIC);
    expect(properties.get(MessageConst.PROPERTY_REAL_QUEUE_ID)).toBe(String(REAL_QUEUE_ID));
    expect(await h.pullAll(REAL_TOPIC, REAL_QUEUE_ID)).toHaveLength(0);
  });

  it('commit writes the real message once, dispatched to its queue, and an op message naming the half offset', async () => {
    const prepared = await h.sendHalf('paid');
    const commit = endHeader(prepared, MessageSysFlag.TRANSACTION_COMMIT_TYPE);
    expect(await h.transactions.endTransaction(commit, 'client')).toBe('committed');
    expect(await h.transactions.endTransaction(commit, 'client')).toBe('already-ended');

    const real = await h.pullAll(REAL_TOPIC, REAL_QUEUE_ID);
    expect(real).toHaveLength(1);
    const msg = real[0];
    expect(msg?.body.toString()).toBe('paid');
    expect(msg?.flag).toBe(7);
    expect(msg?.queueOffset).toBe(0);
    expect(getTransactionValue(msg?.sysFlag ?? -1)).toBe(MessageSysFlag.TRANSACTION_COMMIT_TYPE);
    expect(msg?.preparedTransactionOffset).toBe(commit.commitLogOffset);
    const properties = h.properties(msg ?? { propertiesString: '' });
    expect(properties.has(MessageConst.PROPERTY_REAL_TOPIC)).toBe(false);
    expect(properties.has(MessageConst.PROPERTY_REAL_QUEUE_ID)).toBe(false);
    expect(properties.get(MessageConst.PROPERTY_TRANSACTION_PREPARED)).toBe('true');
    expect(properties.get(MessageConst.PROPERTY_PRODUCER_GROUP)).toBe(PRODUCER_GROUP);
    expect(properties.get(MessageConst.PROPERTY_TAGS)).toBe('TagA');

    const ops = await h.pullAll(SystemTopic.TRANS_OP_HALF, 0);
    expect(ops.length).toBeGreaterThanOrEqual(1);
    expect(ops.map((op) => op.body.toString())).toEqual(ops.map(() => '0'));
    expect(h.properties(ops[0] ?? { propertiesString: '' }).get(MessageConst.PROPERTY_TAGS)).toBe('d');
  });

  it('rollback writes only the op message; unknown writes nothing', async () => {
    const first = await h.sendHalf('cancelled');
    const second = await h.sendHalf('undecided');
    expect(
      await h.transactions.endTransaction(endHeader(first, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE), 'c'),
    ).toBe('rolled-back');
    expect(
      await h.transactions.endTransaction(endHeader(second, MessageSysFlag.TRANSACTION_NOT_TYPE), 'c'),
    ).toBe('pending');
    expect(await h.pullAll(REAL_TOPIC, REAL_QUEUE_ID)).toHaveLength(0);
    const ops = await h.pullAll(SystemTopic.TRANS_OP_HALF, 0);
    expect(ops.map((op) => op.body.toString())).toEqual(['0']);
  });

  it('refuses an END_TRANSACTION that does not name the half message of its group', async () => {
    const prepared = await h.sendHalf();
    const commit = MessageSysFlag.TRANSACTION_COMMIT_TYPE;
    const cases: [Partial<EndTransactionRequestHeader>, string][] = [
      [{ producerGroup: 'PID_other' }, 'The producer group wrong'],
      [{ tranStateTableOffset: 5 }, 'The transaction state table offset wrong'],
      [{ commitLogOffset: 123_456 }, 'Find prepared transaction message failed'],
    ];
    for (const [overrides, remark] of cases) {
      const attempt = h.transactions.endTransaction(endHeader(prepared, commit, overrides), 'c');
      await expect(attempt).rejects.toThrow(new HalfMessageMismatchError(remark as never, {}));
    }
    // The op message of a rollback is a record, but not a half message.
    await h.transactions.endTransaction(endHeader(prepared, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE), 'c');
    const [op] = await h.pullAll(SystemTopic.TRANS_OP_HALF, 0);
    const atOp = endHeader(prepared, commit, { commitLogOffset: op?.physicalOffset ?? -1 });
    await expect(h.transactions.endTransaction(atOp, 'c')).rejects.toMatchObject({
      responseCode: ResponseCode.SYSTEM_ERROR,
      message: 'The message is not a half message',
    });
    expect(await h.pullAll(REAL_TOPIC, REAL_QUEUE_ID)).toHaveLength(0);
  });

  it('a slave refuses END_TRANSACTION with SLAVE_NOT_AVAILABLE', async () => {
    const prepared = await h.sendHalf();
    await h.close();
    h = new TransactionHarness({ ...DEFAULT_HARNESS_SETTINGS, brokerRole: 'SLAVE' });
    await h.open();
    const attempt = h.transactions.endTransaction(
      endHeader(prepared, MessageSysFlag.TRANSACTION_COMMIT_TYPE),
      'c',
    );
    await expect(attempt).rejects.toMatchObject({ responseCode: ResponseCode.SLAVE_NOT_AVAILABLE });
  });

  it('commit of a delayed half message parks the real message for its delay level', async () => {
    const prepared = await h.sendHalf('later', { [MessageConst.PROPERTY_DELAY_TIME_LEVEL]: '3' });
    expect(await h.pullAll(SystemTopic.SCHEDULE, 2)).toHaveLength(0);
    await h.transactions.endTransaction(endHeader(prepared, MessageSysFlag.TRANSACTION_COMMIT_TYPE), 'c');
    const [parked, ...more] = await h.pullAll(SystemTopic.SCHEDULE, 2);
    expect(more).toHaveLength(0);
    expect(h.properties(parked ?? { propertiesString: '' }).get(MessageConst.PROPERTY_REAL_TOPIC)).toBe(
      REAL_TOPIC,
    );
    expect(await h.pullAll(REAL_TOPIC, REAL_QUEUE_ID)).toHaveLength(0);
  });
});
