/**
 * Consumer offsets, persisted as config/consumerOffset.json (ConsumerOffsetManager's table):
 * `"<topic>@<group>" → queueId → next offset to consume`, with bare integer queue-id keys. Commits
 * change memory only; the broker persists on a timer (flushConsumerOffsetInterval) and at shutdown.
 * Topic and group names never contain '@' (TopicValidator), so the key splits unambiguously.
 */
import {
  ConsumerOffsetSerializeWrapper,
  decodeConsumerOffsetSerializeWrapper,
  encodeConsumerOffsetSerializeWrapper,
} from '@rmq/protocol';
import { ConfigFile, ConfigLoadSource } from './config-file';
import { configFilePath, ConfigFileNames } from './config-file-names';
import { ConfigLogger, NOOP_CONFIG_LOGGER } from './config-logger';
import { ConfigTableDeps } from './config-table-deps';

export const TOPIC_GROUP_SEPARATOR = '@';

/** queryOffset's answer when the group has no offset for the queue. */
export const NO_CONSUMER_OFFSET = -1;

export function topicAtGroup(topic: string, group: string): string {
  return topic + TOPIC_GROUP_SEPARATOR + group;
}

/** `[topic, group]`, or undefined for a key that is not exactly `topic@group`. */
export function splitTopicAtGroup(key: string): [string, string] | undefined {
  const parts = key.split(TOPIC_GROUP_SEPARATOR);
  return parts.length === 2 ? [parts[0] as string, parts[1] as string] : undefined;
}

export class ConsumerOffsetTable {
  private readonly file: ConfigFile<ConsumerOffsetSerializeWrapper>;
  private readonly logger: ConfigLogger;
  private readonly table = new Map<string, Map<number, number>>();

  constructor(deps: Omit<ConfigTableDeps, 'nowMs'>) {
    this.logger = deps.logger ?? NOOP_CONFIG_LOGGER;
    this.file = new ConfigFile(
      deps.fs,
      configFilePath(deps.storePathRootDir, ConfigFileNames.CONSUMER_OFFSET),
      {
        encode: (w) => encodeConsumerOffsetSerializeWrapper(w, { pretty: true }),
        decode: (b) => decodeConsumerOffsetSerializeWrapper(b),
      },
      this.logger,
    );
  }

  get path(): string {
    return this.file.path;
  }

  load(): ConfigLoadSource {
    const { value, source } = this.file.load();
    this.table.clear();
    if (value !== undefined) {
      for (const [key, offsets] of value.offsetTable) this.table.set(key, new Map(offsets));
    }
    return source;
  }

  /** Stores the group's next offset for a queue. Going backwards is allowed (a reset) but logged. */
  commitOffset(group: string, topic: string, queueId: number, offset: number, clientHost = ''): void {
    assertNonNegativeInteger(queueId, 'queueId');
    assertNonNegativeInteger(offset, 'offset');
    const key = topicAtGroup(topic, group);
    let offsets = this.table.get(key);
    if (offsets === undefined) {
      offsets = new Map();
      this.table.set(key, offsets);
    }
    const previous = offsets.get(queueId);
    offsets.set(queueId, offset);
    if (previous !== undefined && offset < previous) {
      this.logger.warn(
        { clientHost, key, queueId, requestOffset: offset, storeOffset: previous },
        'consumer offset committed below the stored one',
      );
    }
  }

  /** The group's next offset for the queue, or NO_CONSUMER_OFFSET (-1). */
  queryOffset(group: string, topic: string, queueId: number): number {
    return this.table.get(topicAtGroup(topic, group))?.get(queueId) ?? NO_CONSUMER_OFFSET;
  }

  /** queueId → offset for one topic and group (a copy), or undefined. */
  queryOffsets(group: string, topic: string): Map<number, number> | undefined {
    const offsets = this.table.get(topicAtGroup(topic, group));
    return offsets === undefined ? undefined : new Map(offsets);
  }

  /** Topics the group has offsets for (whichTopicByConsumer). */
  topicsOfGroup(group: string): Set<string> {
    return this.collect((t, g) => (g === group ? t : undefined));
  }

  /** Groups with offsets on the topic (whichGroupByTopic). */
  groupsOfTopic(topic: string): Set<string> {
    return this.collect((t, g) => (t === topic ? g : undefined));
  }

  /** Drops every offset of a group (removeOffset, on DELETE_SUBSCRIPTIONGROUP). */
  removeGroup(group: string): number {
    return this.removeWhere((_t, g) => g === group);
  }

  /** Drops every group's offsets on a topic (on DELETE_TOPIC_IN_BROKER). */
  removeTopic(topic: string): number {
    return this.removeWhere((t) => t === topic);
  }

  /** Copies srcGroup's offsets on `topic` to destGroup, replacing destGroup's (cloneOffset). */
  cloneOffset(srcGroup: string, destGroup: string, topic: string): boolean {
    const offsets = this.table.get(topicAtGroup(topic, srcGroup));
    if (offsets === undefined) return false;
    this.table.set(topicAtGroup(topic, destGroup), new Map(offsets));
    return true;
  }

  /**
   * Per queue of `topic`, the smallest committed offset over all groups but `excludedGroups`,
   * ignoring offsets already below the queue's min offset (queryMinOffsetInAllGroup).
   */
  queryMinOffsetInAllGroup(
    topic: string,
    minOffsetInQueue: (queueId: number) => number,
    excludedGroups: ReadonlySet<string> = new Set(),
  ): Map<number, number> {
    const out = new Map<number, number>();
    for (const [key, offsets] of this.table) {
      const parts = splitTopicAtGroup(key);
      if (parts === undefined || parts[0] !== topic || excludedGroups.has(parts[1])) continue;
      for (const [queueId, offset] of offsets) {
        if (offset < minOffsetInQueue(queueId)) continue;
        out.set(queueId, Math.min(offset, out.get(queueId) ?? Number.MAX_SAFE_INTEGER));
      }
    }
    return out;
  }

  /** A deep copy for GET_ALL_CONSUMER_OFFSET and for persisting. */
  snapshot(): ConsumerOffsetSerializeWrapper {
    return { offsetTable: new Map([...this.table].map(([k, v]) => [k, new Map(v)] as const)) };
  }

  persist(): Promise<void> {
    return this.file.persist(this.snapshot());
  }

  private collect(pick: (topic: string, group: string) => string | undefined): Set<string> {
    const out = new Set<string>();
    for (const key of this.table.keys()) {
      const parts = splitTopicAtGroup(key);
      const picked = parts === undefined ? undefined : pick(parts[0], parts[1]);
      if (picked !== undefined) out.add(picked);
    }
    return out;
  }

  private removeWhere(match: (topic: string, group: string) => boolean): number {
    let removed = 0;
    for (const key of [...this.table.keys()]) {
      const parts = splitTopicAtGroup(key);
      if (parts === undefined || !match(parts[0], parts[1])) continue;
      this.table.delete(key);
      this.logger.warn({ key }, 'consumer offsets removed');
      removed += 1;
    }
    return removed;
  }
}

function assertNonNegativeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`consumer offset ${what} must be a non-negative integer, got ${value}`);
  }
}
