/**
 * The check-back task against a real DefaultMessageStore and a fake clock: a half message without an
 * op message is checked with its producer once it is older than transactionTimeOut (a new copy is
 * appended with TRANSACTION_CHECK_TIMES and the request names that copy); an answer to the check
 * commits the copy; after transactionCheckMax checks it is moved to TRANS_CHECK_MAX_TIME_TOPIC; ended
 * half messages are never checked; progress is CID_RMQ_SYS_TRANS's offsets and survives a restart.
 */
import {
  CheckTransactionStateRequestHeader,
  CID_RMQ_SYS_TRANS,
  decodeStoredMessage,
  EndTransactionRequestHeader,
  MessageConst,
  MessageSysFlag,
  RemotingCommand,
  RequestCode,
  SystemTopic,
} from '@rmq/protocol';
import {
  DEFAULT_HARNESS_SETTINGS,
  PRODUCER_GROUP,
  REAL_QUEUE_ID,
  REAL_TOPIC,
  TransactionHarness,
} from './test/transaction-harness';

const TIMEOUT_MS = DEFAULT_HARNESS_SETTINGS.transactionTimeOut;

/** The END_TRANSACTION a producer sends in answer to a check request. */
function answer(check: RemotingCommand | undefined, decision: number): EndTransactionRequestHeader {
  const header = CheckTransactionStateRequestHeader.decode(check?.extFields ?? {});
  return {
    producerGroup: PRODUCER_GROUP,
    tranStateTableOffset: header.tranStateTableOffset,
    commitLogOffset: header.commitLogOffset,
    commitOrRollback: decision,
    fromTransactionCheck: true,
    msgId: header.msgId ?? '',
    transactionId: header.transactionId,
  };
}

async function runCheck(
  h: TransactionHarness,
): Promise<{ checked: number; discarded: number; ended: number }> {
  await h.store.waitDispatched();
  return h.checker.check();
}

describe('TransactionalMessageCheckService', () => {
  let h: TransactionHarness;

  afterEach(() => h.close());

  describe('with the default settings', () => {
    beforeEach(async () => {
      h = new TransactionHarness();
      await h.open();
    });

    it('asks the producer about an undecided half message after the timeout, about a new copy', async () => {
      const prepared = await h.sendHalf('undecided');
      h.nowMs += TIMEOUT_MS / 2;
      expect(await runCheck(h)).toMatchObject({ checked: 0 });
      expect(h.checks).toHaveLength(0);

      h.nowMs += TIMEOUT_MS;
      expect(await runCheck(h)).toMatchObject({ checked: 1, discarded: 0 });
      expect(h.checks).toHaveLength(1);
      const check = h.checks[0];
      expect(check?.code).toBe(RequestCode.CHECK_TRANSACTION_STATE);
      const header = CheckTransactionStateRequestHeader.decode(check?.extFields ?? {});
      const [, copy] = await h.pullAll(SystemTopic.TRANS_HALF, 0);
      expect(header).toMatchObject({
        tranStateTableOffset: 1,
        commitLogOffset: copy?.physicalOffset,
        msgId: prepared.transactionId,
        transactionId: prepared.transactionId,
      });
      expect(header.offsetMsgId).toMatch(/^7F00000100002A9F/);
      const body = decodeStoredMessage(check?.body ?? Buffer.alloc(0));
      expect(body).toMatchObject({ topic: REAL_TOPIC, queueId: REAL_QUEUE_ID, queueOffset: 1 });
      expect(body.body.toString()).toBe('undecided');
      expect(h.properties(body).get(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES)).toBe('1');
      expect(
        h.properties(copy ?? { propertiesString: '' }).get(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES),
      ).toBe('1');
      expect(h.offsets.queryOffset(CID_RMQ_SYS_TRANS, SystemTopic.TRANS_HALF, 0)).toBe(1);
    });

    it('a commit in answer to the check makes the message visible once, and checks stop', async () => {
      await h.sendHalf('late-commit');
      h.nowMs += TIMEOUT_MS + 1;
      await runCheck(h);
      const outcome = await h.transactions.endTransaction(
        answer(h.checks[0], MessageSysFlag.TRANSACTION_COMMIT_TYPE),
        'producer',
      );
      expect(outcome).toBe('committed');
      for (let run = 0; run < 3; run++) {
        h.nowMs += TIMEOUT_MS + 1;
        await runCheck(h);
      }
      expect(h.checks).toHaveLength(1);
      const real = await h.pullAll(REAL_TOPIC, REAL_QUEUE_ID);
      expect(real.map((m) => m.body.toString())).toEqual(['late-commit']);
      expect(h.offsets.queryOffset(CID_RMQ_SYS_TRANS, SystemTopic.TRANS_HALF, 0)).toBe(2);
      expect(h.offsets.queryOffset(CID_RMQ_SYS_TRANS, SystemTopic.TRANS_OP_HALF, 0)).toBe(1);
    });

    it('never checks half messages that were committed or rolled back before the timeout', async () => {
      const committed = await h.sendHalf('a');
      const rolledBack = await h.sendHalf('b');
      await h.sendHalf('c');
      for (const [prepared, decision] of [
        [committed, MessageSysFlag.TRANSACTION_COMMIT_TYPE],
        [rolledBack, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE],
      ] as const) {
        const raw = (await h.pullAll(SystemTopic.TRANS_HALF, 0))[prepared.queueOffset];
        await h.transactions.endTransaction(
          {
            producerGroup: PRODUCER_GROUP,
            tranStateTableOffset: prepared.queueOffset,
            commitLogOffset: raw?.physicalOffset ?? -1,
            commitOrRollback: decision,
            fromTransactionCheck: false,
            msgId: prepared.transactionId ?? '',
          },
          'producer',
        );
      }
      h.nowMs += TIMEOUT_MS + 1;
      expect(await runCheck(h)).toMatchObject({ checked: 1, ended: 2 });
      const body = decodeStoredMessage(h.checks[0]?.body ?? Buffer.alloc(0));
      expect(body.body.toString()).toBe('c');
      expect(h.offsets.queryOffset(CID_RMQ_SYS_TRANS, SystemTopic.TRANS_OP_HALF, 0)).toBe(2);
    });

    it('keeps checking while no producer is connected, and its progress survives a restart', async () => {
      await h.sendHalf('offline');
      h.producerOnline = false;
      h.nowMs += TIMEOUT_MS + 1;
      expect(await runCheck(h)).toMatchObject({ checked: 1 });
      expect(h.checks).toHaveLength(0);

      await h.reopen();
      h.producerOnline = true;
      h.nowMs += TIMEOUT_MS + 1;
      expect(await runCheck(h)).toMatchObject({ checked: 1 });
      const header = CheckTransactionStateRequestHeader.decode(h.checks[0]?.extFields ?? {});
      expect(header.tranStateTableOffset).toBe(2);
      const body = decodeStoredMessage(h.checks[0]?.body ?? Buffer.alloc(0));
      expect(h.properties(body).get(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES)).toBe('2');
    });
  });

  describe('a half message with CHECK_IMMUNITY_TIME_IN_SECONDS', () => {
    const immunity = { [MessageConst.PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS]: '60' };
    beforeEach(async () => {
      h = new TransactionHarness();
      await h.open();
    });

    it('is not checked inside its immunity time, and passed once the original has ended', async () => {
      const prepared = await h.sendHalf('immune', immunity);
      h.nowMs += TIMEOUT_MS + 1;
      expect(await runCheck(h)).toMatchObject({ checked: 0 });
      const [original, copy] = await h.pullAll(SystemTopic.TRANS_HALF, 0);
      expect(
        h
          .properties(copy ?? { propertiesString: '' })
          .get(MessageConst.PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET),
      ).toBe('0');
      await h.transactions.endTransaction(
        {
          producerGroup: PRODUCER_GROUP,
          tranStateTableOffset: prepared.queueOffset,
          commitLogOffset: original?.physicalOffset ?? -1,
          commitOrRollback: MessageSysFlag.TRANSACTION_COMMIT_TYPE,
          fromTransactionCheck: false,
          msgId: prepared.transactionId ?? '',
        },
        'producer',
      );
      h.nowMs += TIMEOUT_MS + 1;
      await runCheck(h);
      h.nowMs += 60_000;
      await runCheck(h);
      expect(h.checks).toHaveLength(0);
      expect(h.offsets.queryOffset(CID_RMQ_SYS_TRANS, SystemTopic.TRANS_HALF, 0)).toBe(2);
    });

    it('is checked once its immunity time has passed', async () => {
      await h.sendHalf('immune', immunity);
      h.nowMs += TIMEOUT_MS + 1;
      expect(await runCheck(h)).toMatchObject({ checked: 0 });
      h.nowMs += 60_000;
      expect(await runCheck(h)).toMatchObject({ checked: 1 });
    });
  });

  it('moves a half message to TRANS_CHECK_MAX_TIME_TOPIC after transactionCheckMax checks', async () => {
    h = new TransactionHarness({ ...DEFAULT_HARNESS_SETTINGS, transactionCheckMax: 2 });
    await h.open();
    await h.sendHalf('abandoned');
    const summaries = [];
    for (let run = 0; run < 4; run++) {
      h.nowMs += TIMEOUT_MS + 1;
      summaries.push(await runCheck(h));
    }
    expect(summaries.map((s) => [s.checked, s.discarded])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(h.checks).toHaveLength(2);
    const [kept, ...more] = await h.pullAll(SystemTopic.TRANS_CHECK_MAX_TIME, 0);
    expect(more).toHaveLength(0);
    expect(kept?.body.toString()).toBe('abandoned');
    expect(h.properties(kept ?? { propertiesString: '' }).get(MessageConst.PROPERTY_REAL_TOPIC)).toBe(
      REAL_TOPIC,
    );
    expect(await h.pullAll(REAL_TOPIC, REAL_QUEUE_ID)).toHaveLength(0);
  });

  it('looks at no more half messages per run than its limit', async () => {
    h = new TransactionHarness(DEFAULT_HARNESS_SETTINGS, { halfMessagesPerRun: 2 });
    await h.open();
    for (let i = 0; i < 5; i++) await h.sendHalf(`m${i}`);
    h.nowMs += TIMEOUT_MS + 1;
    expect(await runCheck(h)).toMatchObject({ checked: 2 });
    expect(await runCheck(h)).toMatchObject({ checked: 2 });
    expect(await runCheck(h)).toMatchObject({ checked: 1 });
    const bodies = h.checks.map((c) => decodeStoredMessage(c.body ?? Buffer.alloc(0)).body.toString());
    expect(bodies).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });
});
