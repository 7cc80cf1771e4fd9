/**
 * Key order of extFields on the wire. Java keeps extFields in a HashMap, so the reference
 * servers emit keys in HashMap iteration order (bucket order, then insertion order within a bucket).
 * Reproducing it lets our frames match captured RocketMQ frames byte for byte.
 */
import { javaHashOrder, javaStringHashCode, javaTableCapacity } from '../util/java-hash';

export { javaStringHashCode };

/** Orders keys as a java.util.HashMap<String,String> filled in this order would iterate them. */
export function orderExtFieldKeys(keys: readonly string[]): string[] {
  return javaHashOrder(keys, javaStringHashCode, javaTableCapacity(keys.length));
}
