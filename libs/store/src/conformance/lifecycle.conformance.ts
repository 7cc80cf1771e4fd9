/**
 * Conformance: the arriving listener, cleanTopic, reopen after shutdown (when the harness can) and
 * dropping the oldest data as retention does (when the harness can). The listener receives
 * RocketMQ's value: the queue offset after the message (offset + 1), which held pulls compare with
 * the offset they wait at.
 */
import { describe, expect, it } from '@jest/globals';
import { MessageSysFlag } from '@rmq/protocol';
import { decode, GROUP, present, StoreUnderTest, testMessage } from './conformance-fixtures';

const FAR_FUTURE_MS = 4_000_000_000_000;

type Arrival = [
  topic: string,
  queueId: number,
  logicOffset: number,
  tagsCode: number,
  storeTimestamp: number,
];

export function declareLifecycleConformance(sut: StoreUnderTest): void {
  describe('message arriving listener', () => {
    it('hears each queued message once, with offset + 1, its tagsCode and store time', async () => {
      const heard: Arrival[] = [];
      sut.store.setMessageArrivingListener((...args) => heard.push(args));
      const a = testMessage({ topic: 'T', tags: 'TagA' });
      const t0 = sut.clock.nowMs();
      await sut.put(a, 1_000);
      await sut.put(testMessage({ topic: 'T', sysFlag: MessageSysFlag.TRANSACTION_PREPARED_TYPE }));
      await sut.putBatch([testMessage({ topic: 'U', queueId: 2 }), testMessage({ topic: 'U', queueId: 2 })]);
      await sut.settle();
      const t1 = t0 + 1_000;
      expect(heard).toEqual([
        ['T', 0, 1, a.tagsCode, t0],
        ['U', 2, 1, 0, t1],
        ['U', 2, 2, 0, t1],
      ]);
      sut.store.setMessageArrivingListener(undefined);
      await sut.put(testMessage({ topic: 'T' }));
      await sut.settle();
      expect(heard).toHaveLength(3);
    });
  });

  describe('cleanTopic', () => {
    it("drops the topic's queues; new messages start again at 0; other topics stay", async () => {
      const old = await sut.put(testMessage({ topic: 'T', body: 'old' }));
      await sut.put(testMessage({ topic: 'T', queueId: 1 }));
      await sut.put(testMessage({ topic: 'Kept' }));
      await sut.settle();
      sut.store.cleanTopic('T');
      expect(sut.store.getMaxOffsetInQueue('T', 0)).toBe(0);
      expect(sut.store.getMaxOffsetInQueue('T', 1)).toBe(0);
      expect(sut.store.getMessage(GROUP, 'T', 0, 0, 32).status).toBe('NO_MESSAGE_IN_QUEUE');
      expect(sut.store.getMaxOffsetInQueue('Kept', 0)).toBe(1);
      expect(sut.store.lookMessageByOffset(old.wroteOffset)).toBeDefined();
      const again = await sut.put(testMessage({ topic: 'T', body: 'new' }));
      expect(again.logicsOffset).toBe(0);
    });
  });

  if (sut.harness.reopen !== undefined) declareReopen(sut);
  if (sut.harness.dropOldestData !== undefined) declareDropOldest(sut);
}

function declareReopen(sut: StoreUnderTest): void {
  describe('reopen', () => {
    it('keeps every record, queue, offset and key across shutdown and start', async () => {
      await sut.put(testMessage({ topic: 'T', body: 'one', keys: ['K'], uniqKey: 'U1', tags: 'A' }), 10_000);
      await sut.putBatch([
        testMessage({ topic: 'T', body: 'two' }),
        testMessage({ topic: 'T', body: 'three' }),
      ]);
      await sut.put(
        testMessage({ topic: 'T', sysFlag: MessageSysFlag.TRANSACTION_PREPARED_TYPE, keys: ['K'] }),
      );
      await sut.put(testMessage({ topic: 'V', queueId: 5, body: 'other', keys: ['K'] }), 10_000);
      await sut.settle();
      const read = () => ({
        t: sut.store.getMessage(GROUP, 'T', 0, 0, 32).messages.map((m) => Buffer.from(m)),
        v: sut.store.getMessage(GROUP, 'V', 5, 0, 32).messages.map((m) => Buffer.from(m)),
        max: [sut.store.getMaxOffsetInQueue('T', 0), sut.store.getMaxOffsetInQueue('V', 5)],
        phy: [sut.store.getMinPhyOffset(), sut.store.getMaxPhyOffset()],
        byKey: sut.store.queryMessage('T', 'K', 32, 0, FAR_FUTURE_MS).messages.map((m) => Buffer.from(m)),
        byUniq: sut.store.queryMessage('T', 'U1', 32, 0, FAR_FUTURE_MS).messages.length,
        earliest: sut.store.getEarliestMessageTime('T', 0),
      });
      const before = read();
      expect(before.byKey).toHaveLength(2);
      await sut.reopen();
      await sut.settle();
      const after = read();
      expect(after).toEqual(before);
      for (const record of [...after.t, ...after.v]) {
        const looked = sut.store.lookMessageByOffset(decode(record).physicalOffset);
        expect(looked !== undefined && Buffer.from(looked).equals(record)).toBe(true);
      }
      const next = await sut.put(testMessage({ topic: 'T', body: 'four' }));
      expect(next.logicsOffset).toBe(3);
      expect(next.wroteOffset).toBeGreaterThanOrEqual(before.phy[1] ?? 0);
    });
  });
}

function declareDropOldest(sut: StoreUnderTest): void {
  describe('after the oldest data is dropped', () => {
    it('answers OFFSET_TOO_SMALL below the new min offset and still serves the rest', async () => {
      const minBytes = sut.harness.dropOldestDataMinBytes ?? 64 * 1024;
      const body = Buffer.alloc(1024, 7);
      const offsets: number[] = [];
      for (let bytes = 0; bytes < minBytes; bytes += body.length) {
        offsets.push((await sut.put(testMessage({ topic: 'T', body }), 1_000)).wroteOffset);
      }
      await sut.settle();
      const max = sut.store.getMaxOffsetInQueue('T', 0);
      await present(sut.harness.dropOldestData, 'dropOldestData')(sut.store);
      await sut.settle();
      const min = sut.store.getMinOffsetInQueue('T', 0);
      expect(min).toBeGreaterThan(0);
      expect(min).toBeLessThan(max);
      expect(sut.store.getMaxOffsetInQueue('T', 0)).toBe(max);
      const firstOffset = present(offsets[0], 'the first offset');
      expect(sut.store.getMinPhyOffset()).toBeGreaterThan(firstOffset);
      expect(sut.store.lookMessageByOffset(firstOffset)).toBeUndefined();
      expect(sut.store.getMessage(GROUP, 'T', 0, 0, 32)).toMatchObject({
        status: 'OFFSET_TOO_SMALL',
        nextBeginOffset: min,
        minOffset: min,
        maxOffset: max,
      });
      const first = sut.store.getMessage(GROUP, 'T', 0, min, 1);
      expect(first.status).toBe('FOUND');
      const oldestLeft = decode(first.messages[0]);
      expect(oldestLeft.physicalOffset).toBe(offsets[min]);
      expect(sut.store.getEarliestMessageTime('T', 0)).toBe(oldestLeft.storeTimestamp);
      expect(sut.store.getMessage(GROUP, 'T', 0, max - 1, 1).status).toBe('FOUND');
    });
  });
}
