/**
 * Conformance: reading by commit-log offset (VIEW_MESSAGE_BY_ID) and by key (QUERY_MESSAGE): every
 * KEYS word and the UNIQ_KEY are indexed under `topic#key`; a query returns the newest `maxNum`
 * matches stored within [begin, end], oldest first. Messages are 10 s apart, so the index's
 * one-second time granularity never decides a boundary.
 */
import { describe, expect, it } from '@jest/globals';
import { decode, GROUP, StoreUnderTest, testMessage } from './conformance-fixtures';

const STEP_MS = 10_000;
const FAR_FUTURE_MS = 4_000_000_000_000;

export function declareQueryLookupConformance(sut: StoreUnderTest): void {
  declareLookMessage(sut);
  declareQueryMessage(sut);
}

function declareLookMessage(sut: StoreUnderTest): void {
  describe('lookMessageByOffset', () => {
    it('returns exactly the record getMessage returned, for singles and batch members', async () => {
      await sut.put(testMessage({ topic: 'T', body: 'single', tags: 'X' }));
      await sut.putBatch([testMessage({ topic: 'T', body: 'b0' }), testMessage({ topic: 'T', body: 'b1' })]);
      await sut.put(testMessage({ topic: 'U', queueId: 3, body: 'other' }));
      await sut.settle();
      const records = [
        ...sut.store.getMessage(GROUP, 'T', 0, 0, 32).messages,
        ...sut.store.getMessage(GROUP, 'U', 3, 0, 32).messages,
      ];
      expect(records).toHaveLength(4);
      for (const record of records) {
        const looked = sut.store.lookMessageByOffset(decode(record).physicalOffset);
        expect(looked === undefined ? undefined : Buffer.from(looked).equals(record)).toBe(true);
      }
    });

    it('returns nothing past the end of the log', async () => {
      await sut.put(testMessage({ topic: 'T' }));
      await sut.settle();
      expect(sut.store.lookMessageByOffset(sut.store.getMaxPhyOffset())).toBeUndefined();
      expect(sut.store.lookMessageByOffset(sut.store.getMaxPhyOffset() + 1000)).toBeUndefined();
    });
  });
}

function declareQueryMessage(sut: StoreUnderTest): void {
  describe('queryMessage', () => {
    const fill = async (): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        times.push(sut.clock.nowMs());
        await sut.put(
          testMessage({ topic: 'T', body: `k-${i}`, keys: ['order-1', `solo-${i}`], uniqKey: `UNIQ${i}` }),
        );
        await sut.put(testMessage({ topic: 'T', body: `noise-${i}`, keys: ['order-2'] }));
        await sut.put(
          testMessage({ topic: 'Elsewhere', body: `elsewhere-${i}`, keys: ['order-1'] }),
          STEP_MS,
        );
      }
      await sut.settle();
      return times;
    };
    const bodiesOf = (key: string, maxNum: number, begin: number, end: number, topic = 'T'): string[] =>
      sut.store.queryMessage(topic, key, maxNum, begin, end).messages.map((m) => decode(m).body.toString());

    it('finds every message of a topic carrying a KEYS word, oldest first', async () => {
      await fill();
      expect(bodiesOf('order-1', 32, 0, FAR_FUTURE_MS)).toEqual(['k-0', 'k-1', 'k-2', 'k-3']);
      expect(bodiesOf('solo-2', 32, 0, FAR_FUTURE_MS)).toEqual(['k-2']);
      expect(bodiesOf('order-1', 32, 0, FAR_FUTURE_MS, 'Elsewhere')).toHaveLength(4);
      expect(bodiesOf('no-such-key', 32, 0, FAR_FUTURE_MS)).toEqual([]);
      const found = sut.store.queryMessage('T', 'order-1', 32, 0, FAR_FUTURE_MS).messages.map(decode);
      expect(found.map((m) => m.physicalOffset)).toEqual(
        [...found.map((m) => m.physicalOffset)].sort((a, b) => a - b),
      );
    });

    it('finds a message by its UNIQ_KEY', async () => {
      await fill();
      const found = sut.store.queryMessage('T', 'UNIQ2', 32, 0, FAR_FUTURE_MS);
      expect(found.messages.map((m) => decode(m).body.toString())).toEqual(['k-2']);
      expect(found.indexLastUpdatePhyoffset).toBeLessThan(sut.store.getMaxPhyOffset());
      expect(found.indexLastUpdateTimestamp).toBeGreaterThan(0);
    });

    it('keeps to the time range [begin, end]', async () => {
      const [, t1 = 0, t2 = 0, t3 = 0] = await fill();
      expect(bodiesOf('order-1', 32, t1 - 5_000, t2 + 5_000)).toEqual(['k-1', 'k-2']);
      expect(bodiesOf('order-1', 32, t1, t2)).toEqual(['k-1', 'k-2']);
      expect(bodiesOf('order-1', 32, t3 + 5_000, FAR_FUTURE_MS)).toEqual([]);
    });

    it('returns at most maxNum messages, the newest ones', async () => {
      await fill();
      expect(bodiesOf('order-1', 2, 0, FAR_FUTURE_MS)).toEqual(['k-2', 'k-3']);
      expect(bodiesOf('order-1', 1, 0, FAR_FUTURE_MS)).toEqual(['k-3']);
    });
  });
}
