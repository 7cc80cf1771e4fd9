/**
 * Conformance: what a store refuses (sizes, malformed batches, a stopped store) and how it keeps
 * transaction records: PREPARED and ROLLBACK are logged but never queued (queue offset 0 in the
 * record, no consume-queue entry); PREPARED is indexed, ROLLBACK is not; COMMIT is queued.
 */
import { describe, expect, it } from '@jest/globals';
import { MessageConst, MessageSysFlag } from '@rmq/protocol';
import type { MessageToStore } from '../message-store';
import { decode, GROUP, StoreUnderTest, testMessage } from './conformance-fixtures';

const FAR_FUTURE_MS = 4_000_000_000_000;

export function declareLimitsTransactionsConformance(sut: StoreUnderTest): void {
  declareRefusals(sut);
  declareTransactions(sut);
}

function declareRefusals(sut: StoreUnderTest): void {
  describe('refusals', () => {
    const expectNothingStored = async (maxPhyBefore: number): Promise<void> => {
      await sut.settle();
      expect(sut.store.getMaxOffsetInQueue('T', 0)).toBe(0);
      expect(sut.store.getMaxPhyOffset()).toBe(maxPhyBefore);
    };

    it('a body over maxMessageSize: MESSAGE_ILLEGAL; one just under it is stored', async () => {
      const max = sut.harness.maxMessageSize;
      const before = sut.store.getMaxPhyOffset();
      const tooBig = await sut.store.putMessage(testMessage({ topic: 'T', body: Buffer.alloc(max + 1, 1) }));
      expect(tooBig.status).toBe('MESSAGE_ILLEGAL');
      await expectNothingStored(before);
      const fits = await sut.store.putMessage(testMessage({ topic: 'T', body: Buffer.alloc(max - 1024, 2) }));
      expect(fits.status).toBe('PUT_OK');
    });

    it('properties over 32767 bytes: PROPERTIES_SIZE_EXCEEDED', async () => {
      const before = sut.store.getMaxPhyOffset();
      const msg = testMessage({ topic: 'T', extraProperties: [['big', 'x'.repeat(33_000)]] });
      expect((await sut.store.putMessage(msg)).status).toBe('PROPERTIES_SIZE_EXCEEDED');
      await expectNothingStored(before);
    });

    it('a topic over 127 bytes: MESSAGE_ILLEGAL', async () => {
      const msg = testMessage({ topic: 'T'.repeat(128) });
      expect((await sut.store.putMessage(msg)).status).toBe('MESSAGE_ILLEGAL');
    });

    it('batches that are empty, span queues, or are delayed or transactional: MESSAGE_ILLEGAL', async () => {
      const before = sut.store.getMaxPhyOffset();
      const prepared = testMessage({ topic: 'T', sysFlag: MessageSysFlag.TRANSACTION_PREPARED_TYPE });
      const delayed = testMessage({
        topic: 'T',
        extraProperties: [[MessageConst.PROPERTY_DELAY_TIME_LEVEL, '3']],
      });
      const batches: MessageToStore[][] = [
        [],
        [testMessage({ topic: 'T', queueId: 0 }), testMessage({ topic: 'T', queueId: 1 })],
        [testMessage({ topic: 'T' }), testMessage({ topic: 'U' })],
        [testMessage({ topic: 'T' }), prepared],
        [delayed, testMessage({ topic: 'T' })],
      ];
      for (const batch of batches)
        expect((await sut.store.putMessages(batch)).status).toBe('MESSAGE_ILLEGAL');
      await expectNothingStored(before);
    });

    it('a stopped store: SERVICE_NOT_AVAILABLE', async () => {
      await sut.shutdown();
      const result = await sut.store.putMessage(testMessage({ topic: 'T' }));
      expect(result.status).toBe('SERVICE_NOT_AVAILABLE');
      expect(result.appendResult).toBeUndefined();
    });
  });
}

function declareTransactions(sut: StoreUnderTest): void {
  describe('transaction records', () => {
    const tx = (type: number, body: string, key: string): MessageToStore =>
      testMessage({ topic: 'T', body, keys: [key], sysFlag: type });

    it('PREPARED and ROLLBACK are logged, not queued; queue offsets stay consecutive', async () => {
      await sut.put(tx(MessageSysFlag.TRANSACTION_NOT_TYPE, 'plain-0', 'kp0'));
      const prepared = await sut.put(tx(MessageSysFlag.TRANSACTION_PREPARED_TYPE, 'half', 'khalf'));
      const rollback = await sut.put(tx(MessageSysFlag.TRANSACTION_ROLLBACK_TYPE, 'rolled', 'kroll'));
      const commit = await sut.put(tx(MessageSysFlag.TRANSACTION_COMMIT_TYPE, 'committed', 'kcommit'));
      const plain = await sut.put(tx(MessageSysFlag.TRANSACTION_NOT_TYPE, 'plain-1', 'kp1'));
      await sut.settle();
      expect(commit.logicsOffset).toBe(1);
      expect(plain.logicsOffset).toBe(2);
      expect(sut.store.getMaxOffsetInQueue('T', 0)).toBe(3);
      const queued = sut.store
        .getMessage(GROUP, 'T', 0, 0, 32)
        .messages.map((m) => decode(m).body.toString());
      expect(queued).toEqual(['plain-0', 'committed', 'plain-1']);
      for (const put of [prepared, rollback]) {
        const record = sut.store.lookMessageByOffset(put.wroteOffset);
        expect(record).toBeDefined();
        expect(decode(record).queueOffset).toBe(0);
      }
      expect(decode(sut.store.lookMessageByOffset(prepared.wroteOffset)).body.toString()).toBe('half');
    });

    it('PREPARED is indexed by key, ROLLBACK is not', async () => {
      await sut.put(tx(MessageSysFlag.TRANSACTION_PREPARED_TYPE, 'half', 'khalf'));
      await sut.put(tx(MessageSysFlag.TRANSACTION_ROLLBACK_TYPE, 'rolled', 'kroll'));
      await sut.settle();
      expect(sut.store.queryMessage('T', 'khalf', 32, 0, FAR_FUTURE_MS).messages).toHaveLength(1);
      expect(sut.store.queryMessage('T', 'kroll', 32, 0, FAR_FUTURE_MS).messages).toHaveLength(0);
    });
  });
}
