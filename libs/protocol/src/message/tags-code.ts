/**
 * Consume-queue tagsCode of a message: Java String.hashCode of its TAGS property, 0 when untagged.
 * Pull filtering compares it with SubscriptionData.codeSet (protocol.md §2.3 Pull, §4.2).
 */
import { javaStringHashCode } from '../util/java-hash';

export function tagsCodeOf(tags: string | undefined): number {
  return tags === undefined || tags === '' ? 0 : javaStringHashCode(tags);
}
