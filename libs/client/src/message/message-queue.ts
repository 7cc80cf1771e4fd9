/**
 * MessageQueue helpers: a stable string key (for maps) and sorting as Java's compareTo does.
 * The type itself is @rmq/protocol's.
 */
import { compareMessageQueues, MessageQueue } from '@rmq/protocol';

export type { MessageQueue };

export function mqKey(mq: MessageQueue): string {
  return `${mq.topic}@${mq.brokerName}@${mq.queueId}`;
}

export function sortMessageQueues(mqs: readonly MessageQueue[]): MessageQueue[] {
  return [...mqs].sort(compareMessageQueues);
}

export function sameMessageQueue(a: MessageQueue, b: MessageQueue): boolean {
  return a.topic === b.topic && a.brokerName === b.brokerName && a.queueId === b.queueId;
}
