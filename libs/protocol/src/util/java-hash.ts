/**
 * Java hashing and java.util.HashMap iteration order, so that maps and sets we serialize come out
 * in the order a Java peer would write them. Pure arithmetic on int32 values; no state.
 */

/** Java's String.hashCode (UTF-16 code units, 32-bit overflow). */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Java's Long.hashCode: `(int) (value ^ (value >>> 32))`. `value` must be a safe integer. */
export function javaLongHashCode(value: number): number {
  const bits = BigInt.asUintN(64, BigInt(value));
  return Number(BigInt.asIntN(32, bits ^ (bits >> 32n)));
}

/** Java's Integer.hashCode is the value itself (as int32). */
export function javaIntegerHashCode(value: number): number {
  return value | 0;
}

const MAXIMUM_CAPACITY = 1 << 30;
const DEFAULT_CAPACITY = 16;
const LOAD_FACTOR = 0.75;

/** HashMap.tableSizeFor: the smallest power of two >= `capacity` (at least 1). */
export function javaTableSizeFor(capacity: number): number {
  let size = 1;
  while (size < capacity && size < MAXIMUM_CAPACITY) size *= 2;
  return size;
}

/**
 * How the Java map (or the HashSet, which is a HashMap) was built; that decides its table size and
 * therefore its iteration order.
 * - `hashMap`: `new HashMap<>(initialCapacity?)`, then one put per entry (the common case).
 * - `hashMapCopy`: `new HashMap<>(otherMap)`, `clone()` or `new HashSet<>(collection)`.
 * - `concurrentHashMap`: `new ConcurrentHashMap<>(initialCapacity?)`, then puts. A ConcurrentHashMap
 *   resize may reorder colliding entries; that is not modelled (insertion order is kept in a bucket).
 * - `fixed`: an explicit table size (a power of two).
 */
export type JavaTableSizing =
  | { readonly kind: 'hashMap'; readonly initialCapacity?: number }
  | { readonly kind: 'hashMapCopy' }
  | { readonly kind: 'concurrentHashMap'; readonly initialCapacity?: number }
  | { readonly kind: 'fixed'; readonly capacity: number };

export const JAVA_HASH_MAP: JavaTableSizing = { kind: 'hashMap' };

/** Table size of a Java map holding `count` entries, built as `sizing` says. */
export function javaTableCapacity(count: number, sizing: JavaTableSizing = JAVA_HASH_MAP): number {
  switch (sizing.kind) {
    case 'fixed':
      return javaTableSizeFor(sizing.capacity);
    case 'hashMapCopy':
      // putMapEntries on an empty table: tableSizeFor((int) (size / 0.75f + 1)), then grows by puts.
      return growByPuts(
        count,
        count === 0 ? DEFAULT_CAPACITY : javaTableSizeFor(Math.floor(count / LOAD_FACTOR + 1)),
      );
    case 'concurrentHashMap': {
      const initial = sizing.initialCapacity;
      let capacity =
        initial === undefined ? DEFAULT_CAPACITY : javaTableSizeFor(initial + (initial >>> 1) + 1);
      // ConcurrentHashMap resizes when size reaches (not exceeds) 0.75 * capacity.
      while (count >= capacity - (capacity >>> 2) && capacity < MAXIMUM_CAPACITY) capacity *= 2;
      return capacity;
    }
    case 'hashMap': {
      const initial = sizing.initialCapacity;
      return growByPuts(count, initial === undefined ? DEFAULT_CAPACITY : javaTableSizeFor(initial));
    }
  }
}

function growByPuts(count: number, startCapacity: number): number {
  let capacity = startCapacity;
  while (count > capacity * LOAD_FACTOR && capacity < MAXIMUM_CAPACITY) capacity *= 2;
  return capacity;
}

/** The bucket a key with this hashCode lands in (HashMap.hash spreads the high bits down). */
export function javaBucketIndex(hashCode: number, capacity: number): number {
  const h = hashCode | 0;
  return ((h ^ (h >>> 16)) & (capacity - 1)) >>> 0;
}

/**
 * Orders `items` (given in insertion order) the way a Java HashMap/HashSet of that table size
 * iterates them: by bucket, then by insertion order inside a bucket.
 */
export function javaHashOrder<T>(
  items: readonly T[],
  hashCodeOf: (item: T) => number,
  capacity: number,
): T[] {
  return items
    .map((item, index) => ({ item, index, bucket: javaBucketIndex(hashCodeOf(item), capacity) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((entry) => entry.item);
}
