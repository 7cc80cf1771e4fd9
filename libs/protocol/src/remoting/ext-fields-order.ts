/**
 * Key order of extFields on the wire. Java keeps extFields in a HashMap, so the reference
 * servers emit keys in HashMap iteration order (bucket order, then insertion order within a bucket).
 * Reproducing it lets our frames match captured RocketMQ frames byte for byte.
 */

/** Java's String.hashCode (UTF-16 code units, 32-bit overflow). */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Table size a java.util.HashMap reaches after `count` puts with the default capacity 16 / load 0.75. */
function hashMapCapacity(count: number): number {
  let capacity = 16;
  while (count > capacity * 0.75) capacity *= 2;
  return capacity;
}

/** Orders keys as a java.util.HashMap<String,String> filled in this order would iterate them. */
export function orderExtFieldKeys(keys: readonly string[]): string[] {
  const capacity = hashMapCapacity(keys.length);
  const bucketOf = (key: string): number => {
    const h = javaStringHashCode(key);
    return ((h ^ (h >>> 16)) & (capacity - 1)) >>> 0;
  };
  return keys
    .map((key, index) => ({ key, index, bucket: bucketOf(key) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((entry) => entry.key);
}
