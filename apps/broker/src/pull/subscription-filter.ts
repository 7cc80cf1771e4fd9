/**
 * Broker-side tag filtering (RocketMQ's ExpressionMessageFilter for TAG subscriptions): a
 * consume-queue entry matches when the subscription is `*` or its code set holds the entry's tag
 * hash. Clients re-check the tag string, so a hash collision only costs a transfer.
 */
import { SUB_ALL, SubscriptionData } from '@rmq/protocol';
import type { MessageFilter } from '@rmq/store';

export const MATCH_ALL: MessageFilter = { isMatchedByConsumeQueue: () => true };

export function filterOf(subscription: SubscriptionData | undefined): MessageFilter {
  if (subscription === undefined || subscription.classFilterMode || subscription.subString === SUB_ALL) {
    return MATCH_ALL;
  }
  const codes = new Set(subscription.codeSet);
  return { isMatchedByConsumeQueue: (tagsCode) => codes.has(tagsCode) };
}
