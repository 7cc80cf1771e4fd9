/**
 * `topic-queueId` keys of the topic-queue table, built once per topic and queue instead of once per
 * put: a fresh concatenated string must be flattened and hashed on every Map lookup, a kept one has
 * its hash cached. Bounded: past TOPIC_QUEUE_KEYS_TOPICS_MAX topics the cache starts again, and
 * queue ids outside [0, TOPIC_QUEUE_KEYS_QUEUE_IDS_MAX) are not cached.
 */
import { topicQueueKey } from './commit-log-options';

export const TOPIC_QUEUE_KEYS_TOPICS_MAX = 4096;
export const TOPIC_QUEUE_KEYS_QUEUE_IDS_MAX = 1024;

export class TopicQueueKeys {
  private readonly byTopic = new Map<string, string[]>();

  keyOf(topic: string, queueId: number): string {
    if (!(queueId >= 0 && queueId < TOPIC_QUEUE_KEYS_QUEUE_IDS_MAX && Number.isInteger(queueId))) {
      return topicQueueKey(topic, queueId);
    }
    let keys = this.byTopic.get(topic);
    if (keys === undefined) {
      if (this.byTopic.size >= TOPIC_QUEUE_KEYS_TOPICS_MAX) this.byTopic.clear();
      keys = [];
      this.byTopic.set(topic, keys);
    }
    let key = keys[queueId];
    if (key === undefined) {
      key = topicQueueKey(topic, queueId);
      keys[queueId] = key;
    }
    return key;
  }
}
