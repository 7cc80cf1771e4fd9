/**
 * The broker's topics (RocketMQ's TopicConfigManager): the built-in system topics, topics created
 * by admins, and topics created on first send by inheriting TBW102's config. Every change is
 * persisted in config/topics.json before the caller goes on, and reported through `onChanged` so the
 * broker re-registers with its NameServers.
 */
import type { BrokerConfig } from '@rmq/config';
import {
  DataVersion,
  isInherited,
  newTopicConfig,
  PermName,
  REPLY_TOPIC_POSTFIX,
  SystemTopic,
  TopicConfig,
  TopicConfigSerializeWrapper,
} from '@rmq/protocol';
import type { TopicConfigTable } from '@rmq/store';

export type TopicConfigManagerSettings = Pick<
  BrokerConfig,
  | 'brokerClusterName'
  | 'brokerName'
  | 'autoCreateTopicEnable'
  | 'defaultTopicQueueNums'
  | 'clusterTopicEnable'
  | 'brokerTopicEnable'
  | 'traceTopicEnable'
  | 'msgTraceTopicName'
>;

const SCHEDULE_QUEUE_NUMS = 18;
const BENCHMARK_QUEUE_NUMS = 1024;
const CLUSTER_TOPIC_QUEUE_NUMS = 16;
const READ_WRITE = PermName.PERM_READ | PermName.PERM_WRITE;
const READ_WRITE_INHERIT = READ_WRITE | PermName.PERM_INHERIT;

export interface TopicChange {
  topic: string;
  reason: 'auto-create' | 'admin' | 'delete' | 'system';
}

export class TopicConfigManager {
  constructor(
    private readonly table: TopicConfigTable,
    private readonly settings: TopicConfigManagerSettings,
    private readonly onChanged: (change: TopicChange) => void = () => undefined,
  ) {}

  /** Loads topics.json and adds the built-in topics it lacks (one write). */
  async load(): Promise<void> {
    this.table.load();
    const missing = this.systemTopics().filter((config) => !this.table.has(config.topicName));
    await this.table.putAll(missing);
  }

  /** RocketMQ's system topics for this broker's settings (protocol.md §4.6). */
  systemTopics(): TopicConfig[] {
    const s = this.settings;
    const single = (name: string, perm = READ_WRITE): TopicConfig =>
      newTopicConfig(name, { readQueueNums: 1, writeQueueNums: 1, perm });
    const topics = [
      single(SystemTopic.SELF_TEST),
      newTopicConfig(SystemTopic.BENCHMARK, {
        readQueueNums: BENCHMARK_QUEUE_NUMS,
        writeQueueNums: BENCHMARK_QUEUE_NUMS,
      }),
      newTopicConfig(s.brokerClusterName, {
        readQueueNums: CLUSTER_TOPIC_QUEUE_NUMS,
        writeQueueNums: CLUSTER_TOPIC_QUEUE_NUMS,
        perm: s.clusterTopicEnable ? READ_WRITE_INHERIT : READ_WRITE,
      }),
      single(s.brokerName, s.brokerTopicEnable ? READ_WRITE_INHERIT : READ_WRITE),
      single(SystemTopic.OFFSET_MOVED_EVENT),
      newTopicConfig(SystemTopic.SCHEDULE, {
        readQueueNums: SCHEDULE_QUEUE_NUMS,
        writeQueueNums: SCHEDULE_QUEUE_NUMS,
      }),
      single(`${s.brokerClusterName}_${REPLY_TOPIC_POSTFIX}`),
    ];
    if (s.autoCreateTopicEnable) {
      topics.push(
        newTopicConfig(SystemTopic.AUTO_CREATE_TOPIC_KEY, {
          readQueueNums: s.defaultTopicQueueNums,
          writeQueueNums: s.defaultTopicQueueNums,
          perm: READ_WRITE_INHERIT,
        }),
      );
    }
    if (s.traceTopicEnable) topics.push(single(s.msgTraceTopicName));
    return topics;
  }

  selectTopicConfig(topic: string): TopicConfig | undefined {
    return this.table.get(topic);
  }

  topics(): string[] {
    return this.table.topics();
  }

  dataVersion(): DataVersion {
    return this.table.dataVersion();
  }

  snapshot(): TopicConfigSerializeWrapper {
    return this.table.snapshot();
  }

  /**
   * A send to an unknown topic: copy `defaultTopic`'s config when it exists and may be inherited
   * (TBW102 with autoCreateTopicEnable), with min(client's, default's) queues and the inherit bit
   * cleared. Undefined when the topic may not be created.
   */
  async createTopicInSendMessageMethod(
    topic: string,
    defaultTopic: string,
    clientDefaultTopicQueueNums: number,
    topicSysFlag: number,
  ): Promise<TopicConfig | undefined> {
    const existing = this.table.get(topic);
    if (existing) return existing;
    const template = this.table.get(defaultTopic);
    if (template === undefined || !isInherited(template.perm)) return undefined;
    if (defaultTopic === SystemTopic.AUTO_CREATE_TOPIC_KEY && !this.settings.autoCreateTopicEnable) {
      return undefined;
    }
    const queueNums = Math.max(1, Math.min(clientDefaultTopicQueueNums, template.writeQueueNums));
    const config = newTopicConfig(topic, {
      readQueueNums: queueNums,
      writeQueueNums: queueNums,
      perm: template.perm & ~PermName.PERM_INHERIT,
      topicSysFlag,
    });
    await this.put(config, 'auto-create');
    return config;
  }

  /** Retry and DLQ topics: created on demand with the group's queue count and perm. */
  async createTopicInSendMessageBackMethod(
    topic: string,
    queueNums: number,
    perm: number,
    topicSysFlag = 0,
  ): Promise<TopicConfig> {
    const existing = this.table.get(topic);
    if (existing) return existing;
    const config = newTopicConfig(topic, {
      readQueueNums: queueNums,
      writeQueueNums: queueNums,
      perm,
      topicSysFlag,
    });
    await this.put(config, 'auto-create');
    return config;
  }

  async updateTopicConfig(config: TopicConfig): Promise<void> {
    await this.put(config, 'admin');
  }

  async deleteTopicConfig(topic: string): Promise<boolean> {
    const deleted = await this.table.delete(topic);
    if (deleted) this.onChanged({ topic, reason: 'delete' });
    return deleted;
  }

  private async put(config: TopicConfig, reason: TopicChange['reason']): Promise<void> {
    await this.table.put(config);
    this.onChanged({ topic: config.topicName, reason });
  }
}
