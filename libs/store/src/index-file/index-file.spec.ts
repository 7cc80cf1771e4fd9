import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { javaStringHashCode } from '@rmq/protocol';
import { makeTempDir, seededRandom } from '@rmq/testing';
import { NodeFileSystem } from '../fs/node-file-system';
import { IndexFile, IndexFileOptions, indexFileSizeBytes, indexKeyHash } from './index-file';
import { decodeIndexHeader } from './index-header';
import { indexFileNameOf } from './index-file-name';

const fs = new NodeFileSystem();
const T0 = 1_700_000_000_000;

describe('IndexFile', () => {
  let tmp: { dir: string; remove(): void };
  const options = (overrides: Partial<IndexFileOptions> = {}): IndexFileOptions => ({
    fs,
    path: path.join(tmp.dir, '20231114221320123'),
    hashSlotNum: 100,
    indexNum: 400,
    ...overrides,
  });
  const query = (
    file: IndexFile,
    key: string,
    maxNum = 64,
    begin = 0,
    end = Number.MAX_SAFE_INTEGER,
  ): number[] => {
    const out: number[] = [];
    file.selectPhyOffsets(out, key, maxNum, begin, end);
    return out;
  };

  beforeEach(() => {
    tmp = makeTempDir('index');
  });
  afterEach(() => tmp.remove());

  it('hashes keys as abs(String.hashCode), 0 for Integer.MIN_VALUE', () => {
    expect(indexKeyHash('FixtureTopic#fixture-key-0001')).toBe(
      Math.abs(javaStringHashCode('FixtureTopic#fixture-key-0001')),
    );
    expect(javaStringHashCode('polygenelubricants')).toBe(-0x80000000);
    expect(indexKeyHash('polygenelubricants')).toBe(0);
  });

  it('names files yyyyMMddHHmmssSSS', () => {
    expect(indexFileNameOf(1795622117581, 'utc')).toBe('20261125155517581');
    expect(indexFileNameOf(Date.UTC(2023, 0, 2, 3, 4, 5, 6), 'utc')).toBe('20230102030405006');
  });

  it('puts and finds keys; the header tracks begin/end, slots and count (starting at 1)', async () => {
    const file = IndexFile.create(options(), 0, 0);
    expect(statSync(file.path).size).toBe(indexFileSizeBytes(100, 400));
    expect(file.putKey('T#a', 100, T0)).toBe(true);
    expect(file.putKey('T#b', 200, T0 + 1500)).toBe(true);
    expect(query(file, 'T#a')).toEqual([100]);
    expect(query(file, 'T#b')).toEqual([200]);
    expect(query(file, 'T#c')).toEqual([]);
    await file.flush();
    const header = decodeIndexHeader(readFileSync(file.path).subarray(0, 40));
    expect(header).toEqual({
      beginTimestamp: T0,
      endTimestamp: T0 + 1500,
      beginPhyOffset: 100,
      endPhyOffset: 200,
      hashSlotCount: 2,
      indexCount: 3,
    });
    const bytes = readFileSync(file.path);
    const entry2 = 40 + 100 * 4 + 2 * 20;
    expect(bytes.readInt32BE(entry2)).toBe(indexKeyHash('T#b'));
    expect(Number(bytes.readBigInt64BE(entry2 + 4))).toBe(200);
    expect(bytes.readInt32BE(entry2 + 12)).toBe(1); // seconds since beginTimestamp
    expect(bytes.readInt32BE(40 + (indexKeyHash('T#b') % 100) * 4)).toBe(2);
    file.close();
  });

  it('chains colliding keys through prevIndex, newest first, and filters other keys of the slot', () => {
    const file = IndexFile.create(options({ hashSlotNum: 1 }), 0, 0);
    file.putKey('T#a', 1, T0);
    file.putKey('T#b', 2, T0);
    file.putKey('T#a', 3, T0);
    file.putKey('T#a', 4, T0);
    expect(query(file, 'T#a')).toEqual([4, 3, 1]);
    expect(query(file, 'T#a', 2)).toEqual([4, 3]);
    expect(query(file, 'T#b')).toEqual([2]);
    expect(file.hashSlotCount).toBe(1);
    file.close();
  });

  it('filters by store time in whole seconds and stops walking at entries older than the range', () => {
    const file = IndexFile.create(options({ hashSlotNum: 1 }), 0, 0);
    // Entry i is stored 700 ms after T0 + i × 10 s; the file keeps whole seconds since its first entry.
    for (let i = 0; i < 10; i += 1) file.putKey('T#k', i, T0 + i * 10_000 + (i === 0 ? 0 : 700));
    expect(query(file, 'T#k', 64, T0 + 30_000, T0 + 60_000)).toEqual([6, 5, 4, 3]);
    expect(query(file, 'T#k', 64, T0 + 30_001, T0 + 60_000)).toEqual([6, 5, 4]);
    expect(file.isTimeMatched(T0 + 95_000, T0 + 99_000)).toBe(false);
    expect(file.isTimeMatched(0, T0 + 1)).toBe(true);
    file.close();
  });

  it('is full when indexCount reaches indexNum (indexNum - 1 entries)', () => {
    const file = IndexFile.create(options({ indexNum: 4 }), 0, 0);
    expect([1, 2, 3, 4].map((i) => file.putKey(`T#${i}`, i, T0))).toEqual([true, true, true, false]);
    expect(file.isWriteFull()).toBe(true);
    file.close();
  });

  it('a file after a full one starts from its end values; the first put sets begin', () => {
    const file = IndexFile.create(options(), 500, T0 + 5000);
    expect([file.beginPhyOffset, file.beginTimestamp]).toEqual([500, T0 + 5000]);
    file.putKey('T#x', 600, T0 + 9000);
    expect([file.beginPhyOffset, file.beginTimestamp, file.endPhyOffset]).toEqual([600, T0 + 9000, 600]);
    file.close();
  });

  it.each([1, 2])(
    'reads the same answers from buffer, disk, a sealed file and a reopened one (seed %i)',
    async (seed) => {
      const random = seededRandom(seed);
      const file = IndexFile.create(options({ hashSlotNum: 7, entryBufferBytes: 60 }), 0, 0);
      const model = new Map<string, number[]>();
      for (let i = 0; i < 300; i += 1) {
        const key = `T#${random.int(0, 40)}`;
        file.putKey(key, i * 10, T0 + i * 100);
        model.set(key, [i * 10, ...(model.get(key) ?? [])]);
      }
      const check = (f: IndexFile): void => {
        for (const [key, offsets] of model) expect(query(f, key, 1000)).toEqual(offsets);
      };
      check(file);
      await file.flush();
      file.close();
      const writable = IndexFile.open(options({ hashSlotNum: 7 }), true);
      expect(writable.isWritable()).toBe(true);
      check(writable);
      writable.putKey('T#0', 5000, T0 + 40_000);
      model.set('T#0', [5000, ...(model.get('T#0') ?? [])]);
      writable.seal();
      expect(writable.isWritable()).toBe(false);
      check(writable);
      writable.close();
      check(IndexFile.open(options({ hashSlotNum: 7 }), false));
    },
  );

  it('refuses to open a longer file (another config) and grows a short one (a crash lost its size)', () => {
    IndexFile.create(options(), 0, 0).close();
    expect(() => IndexFile.open(options({ indexNum: 399 }), false)).toThrow(/8440 bytes, expected 8420/);
    const grown = IndexFile.open(options({ indexNum: 401 }), false);
    expect(statSync(grown.path).size).toBe(8460);
    expect(grown.indexCount).toBe(1);
    grown.close();
  });
});
