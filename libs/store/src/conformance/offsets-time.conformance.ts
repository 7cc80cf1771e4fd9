/**
 * Conformance: per-queue offsets and times. Min/max offsets, the commit-log offset and store time
 * of an entry, the earliest message time, and the search by time. Messages are 10 s apart and the
 * probes sit 7 s after a message, where "first stored at or after" (our contract) and RocketMQ's
 * "nearest entry" give the same answer.
 */
import { describe, expect, it } from '@jest/globals';
import { present, StoreUnderTest, testMessage } from './conformance-fixtures';

const STEP_MS = 10_000;

export function declareOffsetsTimeConformance(sut: StoreUnderTest): void {
  describe('offsets and times', () => {
    const fill = async (count: number): Promise<Array<{ offset: number; storedAt: number }>> => {
      const out: Array<{ offset: number; storedAt: number }> = [];
      for (let i = 0; i < count; i += 1) {
        const storedAt = sut.clock.nowMs();
        await sut.put(testMessage({ topic: 'Other', body: `noise-${i}` }));
        const put = await sut.put(testMessage({ topic: 'T', queueId: 2, body: `m${i}` }), STEP_MS);
        out.push({ offset: put.wroteOffset, storedAt });
      }
      await sut.settle();
      return out;
    };

    it('min and max offsets: 0 and 0 without a queue, then 0 and the entry count', async () => {
      expect(sut.store.getMinOffsetInQueue('T', 2)).toBe(0);
      expect(sut.store.getMaxOffsetInQueue('T', 2)).toBe(0);
      await fill(3);
      expect(sut.store.getMinOffsetInQueue('T', 2)).toBe(0);
      expect(sut.store.getMaxOffsetInQueue('T', 2)).toBe(3);
      expect(sut.store.getMaxOffsetInQueue('T', 0)).toBe(0);
    });

    it('the commit-log offset of an entry; 0 when there is none', async () => {
      const puts = await fill(3);
      for (const [i, p] of puts.entries())
        expect(sut.store.getCommitLogOffsetInQueue('T', 2, i)).toBe(p.offset);
      expect(sut.store.getCommitLogOffsetInQueue('T', 2, 3)).toBe(0);
      expect(sut.store.getCommitLogOffsetInQueue('Missing', 0, 0)).toBe(0);
    });

    it('the store time of an entry, and the earliest one; -1 when there is none', async () => {
      expect(sut.store.getEarliestMessageTime('T', 2)).toBe(-1);
      const puts = await fill(3);
      for (const [i, p] of puts.entries())
        expect(sut.store.getMessageStoreTimeStamp('T', 2, i)).toBe(p.storedAt);
      expect(sut.store.getMessageStoreTimeStamp('T', 2, 3)).toBe(-1);
      expect(sut.store.getEarliestMessageTime('T', 2)).toBe(present(puts[0], 'first put').storedAt);
      expect(sut.store.getEarliestMessageTime('T', 3)).toBe(-1);
    });

    it('offset by time: exact times, the nearer neighbour between two, the first before and the last after all', async () => {
      const puts = await fill(5);
      const times = puts.map((p) => p.storedAt);
      const [first = 0] = times;
      for (const [i, p] of puts.entries()) {
        expect(sut.store.getOffsetInQueueByTime('T', 2, p.storedAt)).toBe(i);
      }
      for (let i = 0; i < 4; i += 1) {
        expect(sut.store.getOffsetInQueueByTime('T', 2, first + i * STEP_MS + 7_000)).toBe(i + 1);
      }
      expect(sut.store.getOffsetInQueueByTime('T', 2, first + STEP_MS + 2_000)).toBe(1);
      expect(sut.store.getOffsetInQueueByTime('T', 2, first + STEP_MS / 2)).toBe(0);
      expect(sut.store.getOffsetInQueueByTime('T', 2, (times[4] ?? 0) + 60_000)).toBe(4);
      expect(sut.store.getOffsetInQueueByTime('T', 2, first - 60_000)).toBe(0);
      expect(sut.store.getOffsetInQueueByTime('T', 2, 0)).toBe(0);
      expect(sut.store.getOffsetInQueueByTime('Missing', 0, first)).toBe(0);
    });
  });
}
