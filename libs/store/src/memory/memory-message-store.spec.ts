/**
 * MemoryMessageStore: the shared conformance suite, then what only the memory store promises
 * (contiguous offsets from 0, its memory bound, truncation, RocketMQ's exact scan numbers).
 */
import { encodeOffsetMessageId } from '@rmq/protocol';
import { describeMessageStoreConformance } from '../conformance';
import { GROUP, ManualClock, STORE_HOST, tagFilter, testMessage } from '../conformance/conformance-fixtures';
import type { MessageStore } from '../message-store';
import { MemoryMessageStore } from './memory-message-store';

const MAX_MESSAGE_BYTES = 64 * 1024;

describeMessageStoreConformance('MemoryMessageStore', {
  maxMessageSize: MAX_MESSAGE_BYTES,
  async create(clock) {
    const store = new MemoryMessageStore({ nowMs: () => clock.nowMs(), maxMessageSize: MAX_MESSAGE_BYTES });
    await store.start();
    return store;
  },
  async reopen(store: MessageStore) {
    await store.start();
    return store;
  },
  async dropOldestData(store: MessageStore) {
    (store as MemoryMessageStore).truncateBefore(store.getMaxPhyOffset() - 1);
  },
});

describe('MemoryMessageStore specifics', () => {
  let clock: ManualClock;
  let store: MemoryMessageStore;
  beforeEach(async () => {
    clock = new ManualClock();
    store = new MemoryMessageStore({ nowMs: () => clock.nowMs(), maxBytesHeld: 64 * 1024 });
    await store.start();
  });

  it('lays records end to end from physical offset 0, with msgIds for those offsets', async () => {
    const a = (await store.putMessage(testMessage({ topic: 'T', body: 'a' }))).appendResult!;
    const b = (
      await store.putMessages([testMessage({ topic: 'T' }), testMessage({ topic: 'U', queueId: 0 })])
    ).status;
    expect(b).toBe('MESSAGE_ILLEGAL');
    const c = (await store.putMessages([testMessage({ topic: 'T' }), testMessage({ topic: 'T' })]))
      .appendResult!;
    expect(a.wroteOffset).toBe(0);
    expect(c.wroteOffset).toBe(a.wroteBytes);
    expect(c.msgIds[1]).toBe(encodeOffsetMessageId(STORE_HOST, a.wroteBytes + c.wroteBytes / 2));
    expect(store.getMinPhyOffset()).toBe(0);
    expect(store.getMaxPhyOffset()).toBe(a.wroteBytes + c.wroteBytes);
  });

  it('refuses puts past maxBytesHeld with SERVICE_NOT_AVAILABLE, and takes them again once truncated', async () => {
    const body = Buffer.alloc(8 * 1024);
    let refused = 0;
    for (let i = 0; i < 10; i += 1) {
      const r = await store.putMessage(testMessage({ topic: 'T', body, keys: ['k'] }));
      if (r.status === 'SERVICE_NOT_AVAILABLE') {
        refused += 1;
        expect(r.remark).toMatch(/memory store is full/);
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(store.bytesHeld()).toBeLessThanOrEqual(64 * 1024);
    const max = store.getMaxOffsetInQueue('T', 0);
    const freed = store.truncateBefore(store.getMaxPhyOffset() / 2);
    expect(freed).toBeGreaterThan(0);
    expect(store.getMinOffsetInQueue('T', 0)).toBeGreaterThan(0);
    expect((await store.putMessage(testMessage({ topic: 'T', body }))).appendResult!.logicsOffset).toBe(max);
    expect(store.queryMessage('T', 'k', 64, 0, Number.MAX_SAFE_INTEGER).messages.length).toBeLessThan(max);
  });

  it('scans at most 800 entries for a filter that matches nothing, then answers NO_MATCHED_MESSAGE', async () => {
    const big = new MemoryMessageStore({ nowMs: () => clock.nowMs() });
    await big.start();
    for (let i = 0; i < 900; i += 1) await big.putMessage(testMessage({ topic: 'T', body: '', tags: 'A' }));
    expect(big.getMessage(GROUP, 'T', 0, 0, 32, tagFilter('B'))).toMatchObject({
      status: 'NO_MATCHED_MESSAGE',
      nextBeginOffset: 800,
    });
    expect(big.getMessage(GROUP, 'T', 0, 800, 32, tagFilter('B')).nextBeginOffset).toBe(900);
    expect(big.getMessage(GROUP, 'T', 0, 0, 1000).messages).toHaveLength(32);
  });

  it('stops a pull at the in-memory byte limit but always returns the first message', async () => {
    const small = new MemoryMessageStore({ maxTransferBytesOnMessageInMemory: 1000, maxMessageSize: 4096 });
    await small.start();
    for (let i = 0; i < 3; i += 1)
      await small.putMessage(testMessage({ topic: 'T', body: Buffer.alloc(2000) }));
    expect(small.getMessage(GROUP, 'T', 0, 0, 32)).toMatchObject({ status: 'FOUND', nextBeginOffset: 1 });
  });

  it('keeps going when the arriving listener throws', async () => {
    const warnings: string[] = [];
    const s = new MemoryMessageStore({ logger: { warn: (_o, m) => warnings.push(m ?? '') } });
    await s.start();
    s.setMessageArrivingListener(() => {
      throw new Error('boom');
    });
    expect((await s.putMessage(testMessage({ topic: 'T' }))).status).toBe('PUT_OK');
    expect(warnings).toEqual(['message arriving listener threw']);
  });

  it('indexes a key repeated in one message twice, as RocketMQ does', async () => {
    await store.putMessage(testMessage({ topic: 'T', keys: ['dup', 'dup'] }));
    expect(store.queryMessage('T', 'dup', 32, 0, Number.MAX_SAFE_INTEGER).messages).toHaveLength(2);
  });

  it('rejects nonsense options', () => {
    expect(() => new MemoryMessageStore({ maxBytesHeld: 0 })).toThrow(RangeError);
  });
});
