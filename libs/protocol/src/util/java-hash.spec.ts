import {
  javaBucketIndex,
  javaHashOrder,
  javaIntegerHashCode,
  javaLongHashCode,
  javaStringHashCode,
  javaTableCapacity,
  javaTableSizeFor,
} from './java-hash';

describe('Java hash codes', () => {
  it.each([
    ['', 0],
    ['a', 97],
    ['TagA', 2598919],
    ['TagB', 2598920],
    ['FixtureCG', -1097481203],
  ])('String.hashCode(%j) = %d (values from the 4.9.8 consume queues)', (s, expected) => {
    expect(javaStringHashCode(s)).toBe(expected);
  });

  it('hashes UTF-16 code units, not bytes', () => {
    // "é" is one UTF-16 unit (233); a surrogate pair counts as two units.
    expect(javaStringHashCode('é')).toBe(233);
    expect(javaStringHashCode('😀')).toBe(Math.imul(31, 0xd83d) + 0xde00);
  });

  it('Long.hashCode folds the high word in', () => {
    expect(javaLongHashCode(0)).toBe(0);
    expect(javaLongHashCode(1)).toBe(1);
    expect(javaLongHashCode(2 ** 32)).toBe(1);
    expect(javaLongHashCode(-1)).toBe(0);
    expect(javaLongHashCode(1700000000000)).toBe(
      (1700000000000 % 2 ** 32 ^ Math.floor(1700000000000 / 2 ** 32)) | 0,
    );
  });

  it('Integer.hashCode is the value', () => {
    expect(javaIntegerHashCode(-5)).toBe(-5);
  });
});

describe('Java table sizing', () => {
  it('tableSizeFor rounds up to a power of two', () => {
    expect([0, 1, 2, 3, 16, 17, 1000].map(javaTableSizeFor)).toEqual([1, 1, 2, 4, 16, 32, 1024]);
  });

  it('HashMap grows when size exceeds 0.75 × capacity', () => {
    expect(javaTableCapacity(12)).toBe(16);
    expect(javaTableCapacity(13)).toBe(32);
    expect(javaTableCapacity(3, { kind: 'hashMap', initialCapacity: 128 })).toBe(128);
    expect(javaTableCapacity(3, { kind: 'hashMap', initialCapacity: 100 })).toBe(128);
  });

  it('ConcurrentHashMap(n) starts at tableSizeFor(1.5n + 1) and grows at 0.75 × capacity', () => {
    expect(javaTableCapacity(11, { kind: 'concurrentHashMap', initialCapacity: 1024 })).toBe(2048);
    expect(javaTableCapacity(11, { kind: 'concurrentHashMap' })).toBe(16);
    expect(javaTableCapacity(12, { kind: 'concurrentHashMap' })).toBe(32);
  });

  it('a copied HashMap is sized for its content', () => {
    expect(javaTableCapacity(2, { kind: 'hashMapCopy' })).toBe(4);
    expect(javaTableCapacity(12, { kind: 'hashMapCopy' })).toBe(32);
    expect(javaTableCapacity(0, { kind: 'hashMapCopy' })).toBe(16);
  });
});

describe('HashMap iteration order', () => {
  it('orders by spread-hash bucket, then insertion order', () => {
    const keys = ['queueOffset', 'msgId', 'queueId', 'MSG_REGION', 'TRACE_ON'];
    // The order the 4.9.8 broker's send reply carries (frame 13).
    expect(javaHashOrder(keys, javaStringHashCode, 16)).toEqual([
      'queueId',
      'TRACE_ON',
      'MSG_REGION',
      'msgId',
      'queueOffset',
    ]);
  });

  it('keeps insertion order for keys that share a bucket', () => {
    expect(javaBucketIndex(javaStringHashCode('broker-a'), 128)).toBe(
      javaBucketIndex(javaStringHashCode('broker-fake'), 128),
    );
    expect(javaHashOrder(['broker-fake', 'broker-a'], javaStringHashCode, 128)).toEqual([
      'broker-fake',
      'broker-a',
    ]);
    expect(javaHashOrder(['broker-a', 'broker-fake'], javaStringHashCode, 128)).toEqual([
      'broker-a',
      'broker-fake',
    ]);
  });
});
