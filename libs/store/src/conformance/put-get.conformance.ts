/**
 * Conformance: put and get. Single and batch puts, the record layout a put produces, queue offsets
 * per queue, and getMessage's status / nextBeginOffset table (protocol.md §2.3 "Pull"). Queues here
 * hold at most a few dozen entries, so no implementation's scan window or file boundary applies.
 */
import { describe, expect, it } from '@jest/globals';
import { encodeOffsetMessageId } from '@rmq/protocol';
import type { GetMessageResult } from '../message-store';
import {
  decode,
  GROUP,
  present,
  STORE_HOST,
  StoreUnderTest,
  tagFilter,
  testMessage,
} from './conformance-fixtures';

export function declarePutGetConformance(sut: StoreUnderTest): void {
  declarePuts(sut);
  declareQueueOffsets(sut);
  declareGetMessageTable(sut);
}

function declarePuts(sut: StoreUnderTest): void {
  describe('put', () => {
    it('stores a message in RocketMQ record layout and returns it', async () => {
      const msg = testMessage({
        topic: 'TopicA',
        queueId: 1,
        body: 'hello',
        tags: 'TagA',
        keys: ['k1'],
        flag: 7,
      });
      const storedAt = sut.clock.nowMs();
      const append = await sut.put({ ...msg, reconsumeTimes: 2 });
      expect(append).toMatchObject({ msgNum: 1, logicsOffset: 0, storeTimestamp: storedAt });
      expect(append.msgIds).toEqual([encodeOffsetMessageId(STORE_HOST, append.wroteOffset)]);
      await sut.settle();
      const got = sut.store.getMessage(GROUP, 'TopicA', 1, 0, 32);
      expect(got).toMatchObject({ status: 'FOUND', nextBeginOffset: 1, minOffset: 0, maxOffset: 1 });
      expect(got.queueOffsets).toEqual([0]);
      expect(got.messages).toHaveLength(1);
      const record = present(got.messages[0], 'the message');
      expect(record.length).toBe(append.wroteBytes);
      expect(decode(record)).toMatchObject({
        totalSize: append.wroteBytes,
        topic: 'TopicA',
        queueId: 1,
        flag: 7,
        queueOffset: 0,
        physicalOffset: append.wroteOffset,
        sysFlag: 0,
        bornTimestamp: msg.bornTimestamp,
        bornHost: msg.bornHost,
        storeTimestamp: storedAt,
        storeHost: STORE_HOST,
        reconsumeTimes: 2,
        preparedTransactionOffset: 0,
        body: Buffer.from('hello'),
        propertiesString: msg.propertiesString,
      });
    });

    it('stores a batch as one contiguous run with consecutive queue offsets and one store time', async () => {
      await sut.put(testMessage({ topic: 'TopicA' }));
      const batch = [0, 1, 2].map((i) =>
        testMessage({ topic: 'TopicA', body: `batch-${i}`, uniqKey: `U${i}` }),
      );
      const storedAt = sut.clock.nowMs();
      const append = await sut.putBatch(batch);
      expect(append).toMatchObject({ msgNum: 3, logicsOffset: 1, storeTimestamp: storedAt });
      await sut.settle();
      const got = sut.store.getMessage(GROUP, 'TopicA', 0, 1, 32);
      expect(got.queueOffsets).toEqual([1, 2, 3]);
      const decoded = got.messages.map(decode);
      expect(decoded.map((m) => m.body.toString())).toEqual(['batch-0', 'batch-1', 'batch-2']);
      expect(decoded.map((m) => m.queueOffset)).toEqual([1, 2, 3]);
      expect(decoded.map((m) => m.storeTimestamp)).toEqual([storedAt, storedAt, storedAt]);
      let expectedOffset = append.wroteOffset;
      for (const m of decoded) {
        expect(m.physicalOffset).toBe(expectedOffset);
        expectedOffset += m.totalSize;
      }
      expect(append.wroteBytes).toBe(expectedOffset - append.wroteOffset);
      expect(append.msgIds).toEqual(decoded.map((m) => encodeOffsetMessageId(STORE_HOST, m.physicalOffset)));
    });
  });
}

function declareQueueOffsets(sut: StoreUnderTest): void {
  describe('queue and physical offsets', () => {
    it('numbers each queue from 0, independently of other queues and topics', async () => {
      const targets: Array<[string, number]> = [
        ['A', 0],
        ['A', 1],
        ['B', 0],
        ['A', 0],
        ['B', 0],
        ['A', 0],
        ['A', 1],
      ];
      const offsets: number[] = [];
      for (const [topic, queueId] of targets) {
        offsets.push((await sut.put(testMessage({ topic, queueId }))).logicsOffset);
      }
      expect(offsets).toEqual([0, 0, 0, 1, 1, 2, 1]);
      await sut.settle();
      expect(sut.store.getMaxOffsetInQueue('A', 0)).toBe(3);
      expect(sut.store.getMaxOffsetInQueue('A', 1)).toBe(2);
      expect(sut.store.getMaxOffsetInQueue('B', 0)).toBe(2);
      expect(sut.store.getMaxOffsetInQueue('B', 1)).toBe(0);
    });

    it('gives every put a higher physical offset, inside [min, max) of the log', async () => {
      const min = sut.store.getMinPhyOffset();
      let last = -1;
      for (let i = 0; i < 5; i += 1) {
        const append = await sut.put(testMessage({ topic: 'A', queueId: i % 2 }));
        expect(append.wroteOffset).toBeGreaterThan(last);
        expect(append.wroteOffset).toBeGreaterThanOrEqual(min);
        last = append.wroteOffset;
        expect(sut.store.getMaxPhyOffset()).toBeGreaterThanOrEqual(append.wroteOffset + append.wroteBytes);
      }
    });
  });
}

/** Five messages tagged A B A C B in queue T/0, and the reads the table tests make of them. */
function getMessageFixture(sut: StoreUnderTest) {
  const tags = ['A', 'B', 'A', 'C', 'B'];
  const fill = async (): Promise<void> => {
    for (const [i, tag] of tags.entries())
      await sut.put(testMessage({ topic: 'T', body: `m${i}`, tags: tag }));
    await sut.settle();
  };
  const get = (offset: number, maxMsgNums = 32, filter?: ReturnType<typeof tagFilter>): GetMessageResult =>
    sut.store.getMessage(GROUP, 'T', 0, offset, maxMsgNums, filter);
  const bodies = (r: GetMessageResult): string[] => r.messages.map((m) => decode(m).body.toString());
  return { fill, get, bodies };
}

function declareGetMessageTable(sut: StoreUnderTest): void {
  const { fill, get } = getMessageFixture(sut);
  describe('getMessage outside the queue', () => {
    it('missing or empty queue: NO_MESSAGE_IN_QUEUE, next 0, at any offset', async () => {
      const none = {
        status: 'NO_MESSAGE_IN_QUEUE',
        nextBeginOffset: 0,
        minOffset: 0,
        maxOffset: 0,
        messages: [],
      };
      expect(get(0)).toMatchObject(none);
      expect(get(5)).toMatchObject(none);
      await sut.put(testMessage({ topic: 'T', queueId: 1 }));
      await sut.settle();
      expect(get(0)).toMatchObject(none);
      expect(sut.store.getMessage(GROUP, 'NoSuchTopic', 0, 3, 32)).toMatchObject(none);
    });

    it('offset == max: OFFSET_OVERFLOW_ONE, next = offset', async () => {
      await fill();
      expect(get(5)).toMatchObject({
        status: 'OFFSET_OVERFLOW_ONE',
        nextBeginOffset: 5,
        minOffset: 0,
        maxOffset: 5,
      });
    });

    it('offset > max: OFFSET_OVERFLOW_BADLY, next = max', async () => {
      await fill();
      expect(get(100)).toMatchObject({ status: 'OFFSET_OVERFLOW_BADLY', nextBeginOffset: 5, messages: [] });
      expect(get(6)).toMatchObject({ status: 'OFFSET_OVERFLOW_BADLY', nextBeginOffset: 5 });
    });

    it('offset < min: OFFSET_TOO_SMALL, next = min', async () => {
      await fill();
      expect(get(-1)).toMatchObject({ status: 'OFFSET_TOO_SMALL', nextBeginOffset: 0, messages: [] });
    });
  });
  declareGetMessageInRange(sut);
}

function declareGetMessageInRange(sut: StoreUnderTest): void {
  const { fill, get, bodies } = getMessageFixture(sut);
  describe('getMessage inside the queue', () => {
    it('found: every message from the offset to the end', async () => {
      await fill();
      const r = get(2);
      expect(r).toMatchObject({ status: 'FOUND', nextBeginOffset: 5, minOffset: 0, maxOffset: 5 });
      expect(bodies(r)).toEqual(['m2', 'm3', 'm4']);
      expect(r.queueOffsets).toEqual([2, 3, 4]);
      expect(r.suggestPullingFromSlave).toBe(false);
    });

    it('maxMsgNums bounds the batch; next is the first entry not returned', async () => {
      await fill();
      const first = get(0, 2);
      expect(first).toMatchObject({ status: 'FOUND', nextBeginOffset: 2 });
      expect(bodies(first)).toEqual(['m0', 'm1']);
      expect(bodies(get(2, 2))).toEqual(['m2', 'm3']);
      expect(get(4, 2)).toMatchObject({ status: 'FOUND', nextBeginOffset: 5 });
      expect(bodies(get(0, 1))).toEqual(['m0']);
    });

    it('tag filter: only matching entries; next passes the skipped ones', async () => {
      await fill();
      const b = get(0, 32, tagFilter('B'));
      expect(b).toMatchObject({ status: 'FOUND', nextBeginOffset: 5, queueOffsets: [1, 4] });
      expect(bodies(b)).toEqual(['m1', 'm4']);
      const ac = get(0, 2, tagFilter('A', 'C'));
      expect(ac).toMatchObject({ status: 'FOUND', nextBeginOffset: 3, queueOffsets: [0, 2] });
      expect(get(3, 2, tagFilter('A', 'C'))).toMatchObject({
        status: 'FOUND',
        nextBeginOffset: 5,
        queueOffsets: [3],
      });
    });

    it('tag filter without a match: NO_MATCHED_MESSAGE, next advanced past the scanned entries', async () => {
      await fill();
      expect(get(0, 32, tagFilter('D'))).toMatchObject({
        status: 'NO_MATCHED_MESSAGE',
        nextBeginOffset: 5,
        minOffset: 0,
        maxOffset: 5,
        messages: [],
      });
      expect(get(4, 32, tagFilter('C'))).toMatchObject({ status: 'NO_MATCHED_MESSAGE', nextBeginOffset: 5 });
    });
  });
}
