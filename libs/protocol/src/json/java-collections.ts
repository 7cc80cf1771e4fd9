/**
 * Explicit markers for the Java values fastjson writes differently from plain JSON: HashMap/HashSet
 * (iteration order from Java hashing, non-string keys written bare) and Double (always with a
 * fraction, `0.0`). Plain objects are beans and plain arrays are Lists; see fast-json.writer.ts.
 */
import {
  JAVA_HASH_MAP,
  javaHashOrder,
  javaIntegerHashCode,
  javaLongHashCode,
  javaStringHashCode,
  javaTableCapacity,
  JavaTableSizing,
} from '../util/java-hash';

/** Anything the fastjson writer accepts. `undefined` and `null` fields of a bean are left out. */
export type FastJsonValue =
  | null
  | undefined
  | boolean
  | number
  | string
  | JavaDouble
  | JavaMap<unknown>
  | JavaSet<unknown>
  | readonly FastJsonValue[]
  | FastJsonBean;

/** A Java bean: fastjson writes its non-null fields in alphabetical order. */
export interface FastJsonBean {
  readonly [field: string]: FastJsonValue;
}

/** How a Java key class hashes, sorts (TreeMap, for MapSortField) and serializes. */
export interface JavaKeyType<K> {
  /** `string` keys are always quoted; `number` and `object` keys are written bare unless browser-compatible. */
  readonly kind: 'string' | 'number' | 'object';
  hashCode(key: K): number;
  compare(a: K, b: K): number;
  toJson(key: K): string | number | FastJsonBean;
}

const compareNumbers = (a: number, b: number): number => a - b;
/** String.compareTo: UTF-16 code unit order, which is also JavaScript's default string order. */
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const JavaKeyTypes = {
  STRING: {
    kind: 'string',
    hashCode: javaStringHashCode,
    compare: compareStrings,
    toJson: (key: string) => key,
  } satisfies JavaKeyType<string>,
  INTEGER: {
    kind: 'number',
    hashCode: javaIntegerHashCode,
    compare: compareNumbers,
    toJson: (key: number) => key,
  } satisfies JavaKeyType<number>,
  LONG: {
    kind: 'number',
    hashCode: javaLongHashCode,
    compare: compareNumbers,
    toJson: (key: number) => key,
  } satisfies JavaKeyType<number>,
} as const;

/** A key class written as a JSON object (e.g. MessageQueue), given its Java hashCode and compareTo. */
export function objectKeyType<K>(
  hashCode: (key: K) => number,
  compare: (a: K, b: K) => number,
  toBean: (key: K) => FastJsonBean,
): JavaKeyType<K> {
  return { kind: 'object', hashCode, compare, toJson: toBean };
}

/**
 * A java.util.Map (HashMap by default). Entries are given in insertion order; `javaOrder()` yields
 * them in the order Java would iterate them. Re-putting a String/number key keeps its first position
 * and its last value; object keys (no JS equality) must be distinct.
 */
export class JavaMap<K> {
  readonly entries: ReadonlyArray<readonly [K, FastJsonValue]>;

  constructor(
    readonly keyType: JavaKeyType<K>,
    entries: Iterable<readonly [K, FastJsonValue]>,
    readonly sizing: JavaTableSizing = JAVA_HASH_MAP,
  ) {
    this.entries = keyType.kind === 'object' ? [...entries] : dedupeEntries(entries);
  }

  get size(): number {
    return this.entries.length;
  }

  javaOrder(): Array<readonly [K, FastJsonValue]> {
    const capacity = javaTableCapacity(this.entries.length, this.sizing);
    return javaHashOrder(this.entries, ([key]) => this.keyType.hashCode(key), capacity);
  }

  /** TreeMap order (fastjson's MapSortField). */
  sortedOrder(): Array<readonly [K, FastJsonValue]> {
    return [...this.entries].sort(([a], [b]) => this.keyType.compare(a, b));
  }
}

function dedupeEntries<K>(
  entries: Iterable<readonly [K, FastJsonValue]>,
): Array<readonly [K, FastJsonValue]> {
  const byKey = new Map<K, FastJsonValue>();
  for (const [key, value] of entries) byKey.set(key, value);
  return [...byKey.entries()];
}

/** A java.util.HashSet: elements in insertion order, iterated in Java order. */
export class JavaSet<E> {
  readonly elements: readonly E[];

  constructor(
    readonly elementType: JavaKeyType<E>,
    elements: Iterable<E>,
    readonly sizing: JavaTableSizing = JAVA_HASH_MAP,
  ) {
    this.elements = elementType.kind === 'object' ? [...elements] : [...new Set(elements)];
  }

  javaOrder(): E[] {
    const capacity = javaTableCapacity(this.elements.length, this.sizing);
    return javaHashOrder(this.elements, (element) => this.elementType.hashCode(element), capacity);
  }
}

/** A Java double/Double: written with a fraction or exponent, like Double.toString (`0.0`, `1.5E10`). */
export class JavaDouble {
  constructor(readonly value: number) {}
}

/** Java HashSet<String> iteration order of `items` inserted in this order. */
export function javaHashSetOrder(items: Iterable<string>, sizing: JavaTableSizing = JAVA_HASH_MAP): string[] {
  return new JavaSet(JavaKeyTypes.STRING, items, sizing).javaOrder();
}
