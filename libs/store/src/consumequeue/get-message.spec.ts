import { makeTempDir } from '@rmq/testing';
import { NodeFileSystem } from '../fs/node-file-system';
import { MessageFilter } from '../message-store';
import { ConsumeQueue } from './consume-queue';
import { getMessageFromQueue, GetMessageSource, inDiskByMemoryRatio } from './get-message';

const fs = new NodeFileSystem();
const LIMITS = {
  maxTransferBytesOnMessageInMemory: 256 * 1024,
  maxTransferCountOnMessageInMemory: 32,
  maxTransferBytesOnMessageInDisk: 64 * 1024,
  maxTransferCountOnMessageInDisk: 8,
};
/** Commit-log "files" of 10_000 bytes for rollNextFile. */
const LOG_FILE_BYTES = 10_000;

const tagFilter = (...codes: number[]): MessageFilter => ({
  isMatchedByConsumeQueue: (t) => codes.includes(t),
});

describe('getMessageFromQueue (RocketMQ getMessage decision table)', () => {
  let tmp: { dir: string; remove(): void };
  let queue: ConsumeQueue;
  let removed: Set<number>;
  let reads: number[];

  /** Entry i: record at i*1000 of `size` bytes, tag i % 3. */
  const fill = (count: number, size = 100, from = 0): void => {
    for (let i = from; i < from + count; i += 1) queue.putEntry(i, i * 1000, size, i % 3);
  };
  const source = (overrides: Partial<GetMessageSource> = {}): GetMessageSource => ({
    consumeQueue: queue,
    readRecord: (phyOffset, size) => {
      reads.push(phyOffset);
      return removed.has(phyOffset) ? undefined : Buffer.alloc(size, phyOffset / 1000);
    },
    maxPhyOffset: 1_000_000,
    rollNextFile: (phyOffset) => phyOffset + LOG_FILE_BYTES - (phyOffset % LOG_FILE_BYTES),
    isInDisk: () => false,
    limits: LIMITS,
    ...overrides,
  });

  beforeEach(() => {
    tmp = makeTempDir('getmsg');
    queue = new ConsumeQueue({
      fs,
      rootDir: tmp.dir,
      topic: 'T',
      queueId: 0,
      mappedFileSizeBytes: 20 * 1000,
    });
    queue.load();
    removed = new Set();
    reads = [];
  });
  afterEach(() => {
    queue.close();
    tmp.remove();
  });

  it('NO_MATCHED_LOGIC_QUEUE → next 0 (not corrected on a slave)', () => {
    expect(getMessageFromQueue(source({ consumeQueue: undefined }), 5, 32)).toMatchObject({
      status: 'NO_MATCHED_LOGIC_QUEUE',
      nextBeginOffset: 0,
      minOffset: 0,
      maxOffset: 0,
    });
    expect(
      getMessageFromQueue(source({ consumeQueue: undefined, correctOffsets: false }), 5, 32).nextBeginOffset,
    ).toBe(5);
  });

  it('NO_MESSAGE_IN_QUEUE when max is 0 → next 0', () => {
    expect(getMessageFromQueue(source(), 3, 32)).toMatchObject({
      status: 'NO_MESSAGE_IN_QUEUE',
      nextBeginOffset: 0,
    });
  });

  it('OFFSET_TOO_SMALL → next = min; OVERFLOW_ONE → next = offset; OVERFLOW_BADLY → next = max', () => {
    queue.putEntry(4, 4000, 100, 0);
    fill(3, 100, 5);
    expect(getMessageFromQueue(source(), 2, 32)).toMatchObject({
      status: 'OFFSET_TOO_SMALL',
      nextBeginOffset: 4,
      minOffset: 4,
      maxOffset: 8,
    });
    expect(getMessageFromQueue(source(), 8, 32)).toMatchObject({
      status: 'OFFSET_OVERFLOW_ONE',
      nextBeginOffset: 8,
    });
    expect(getMessageFromQueue(source(), 20, 32)).toMatchObject({
      status: 'OFFSET_OVERFLOW_BADLY',
      nextBeginOffset: 8,
    });
    expect(getMessageFromQueue(source({ correctOffsets: false }), 20, 32).nextBeginOffset).toBe(20);
  });

  it('OFFSET_FOUND_NULL when no file holds the offset → next = start of the next queue file', () => {
    const gone = {
      minOffsetInQueue: () => 0,
      maxOffsetInQueue: () => 2000,
      getEntries: () => undefined,
      rollNextFile: (o: number) => o - (o % 1000) + 1000,
    };
    expect(getMessageFromQueue(source({ consumeQueue: gone }), 10, 32)).toMatchObject({
      status: 'OFFSET_FOUND_NULL',
      nextBeginOffset: 1000,
    });
  });

  it('FOUND returns records in order with their queue offsets; next = offset + scanned', () => {
    fill(10);
    const result = getMessageFromQueue(source(), 2, 4);
    expect(result.status).toBe('FOUND');
    expect(result.queueOffsets).toEqual([2, 3, 4, 5]);
    expect(result.messages.map((m) => m[0])).toEqual([2, 3, 4, 5]);
    expect(result.nextBeginOffset).toBe(6);
    expect(result).toMatchObject({ minOffset: 0, maxOffset: 10, suggestPullingFromSlave: false });
  });

  it('filters by tagsCode; NO_MATCHED_MESSAGE when nothing matched, still moving past what it scanned', () => {
    fill(10);
    const found = getMessageFromQueue(source(), 0, 32, tagFilter(2));
    expect(found.queueOffsets).toEqual([2, 5, 8]);
    expect(found.nextBeginOffset).toBe(10);
    expect(getMessageFromQueue(source(), 0, 32, tagFilter(7))).toMatchObject({
      status: 'NO_MATCHED_MESSAGE',
      nextBeginOffset: 10,
      messages: [],
    });
  });

  it('scans at most max(800, maxMsgNums) entries per pull', () => {
    fill(1000);
    expect(getMessageFromQueue(source(), 0, 32, tagFilter(7)).nextBeginOffset).toBe(800);
    expect(getMessageFromQueue(source(), 0, 900, tagFilter(7)).nextBeginOffset).toBe(900);
  });

  it('never scans past the end of the queue file holding the offset', () => {
    fill(1005); // 1000 entries per queue file
    const result = getMessageFromQueue(source(), 998, 32);
    expect(result.queueOffsets).toEqual([998, 999]);
    expect(result.nextBeginOffset).toBe(1000);
  });

  it('MESSAGE_WAS_REMOVING when the first records are gone; skips the rest of that log file unread', () => {
    fill(30);
    for (let phy = 0; phy < 10_000; phy += 1000) removed.add(phy);
    const result = getMessageFromQueue(source(), 0, 32);
    expect(result.queueOffsets[0]).toBe(10);
    expect(reads.filter((phy) => phy < 10_000)).toEqual([0]);
    removed.add(10_000).add(11_000);
    for (let phy = 12_000; phy < 30_000; phy += 1000) removed.add(phy);
    reads = [];
    expect(getMessageFromQueue(source(), 0, 32)).toMatchObject({
      status: 'MESSAGE_WAS_REMOVING',
      nextBeginOffset: 30,
      messages: [],
    });
    expect(reads).toEqual([0, 10_000, 20_000]);
  });

  it('stops at maxMsgNums and at the in-memory limits (32 messages, 256 KiB)', () => {
    fill(100, 10_000);
    expect(getMessageFromQueue(source(), 0, 50).messages).toHaveLength(26); // 27 × 10 000 > 256 KiB
    queue.destroy();
    fill(100, 100);
    const result = getMessageFromQueue(source(), 0, 50);
    expect(result.messages).toHaveLength(32);
    expect(result.nextBeginOffset).toBe(32);
  });

  it('stops at the on-disk limits (8 messages, 64 KiB) and suggests pulling from a slave', () => {
    fill(100, 100);
    const onDisk = source({ isInDisk: inDiskByMemoryRatio(1_000, 40), maxPhyOffset: 1_000_000 });
    const result = getMessageFromQueue(onDisk, 0, 32);
    expect(result.messages).toHaveLength(8);
    expect(result.nextBeginOffset).toBe(8);
    expect(result.suggestPullingFromSlave).toBe(true);
    queue.destroy();
    fill(100, 10_000);
    expect(getMessageFromQueue(onDisk, 0, 32).messages).toHaveLength(6); // 7 × 10 000 > 64 KiB
  });

  it('always returns the first message even when it alone exceeds the byte limit', () => {
    fill(3, 300_000);
    expect(getMessageFromQueue(source(), 0, 32).messages).toHaveLength(1);
  });
});
