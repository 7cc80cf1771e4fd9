/**
 * The broker's topic table, persisted as config/topics.json (TopicConfigManager's file part): a
 * TopicConfigSerializeWrapper in pretty fastjson. Every change bumps the DataVersion (counter + 1,
 * timestamp = now) and is persisted before the call resolves, as updateTopicConfig does. Which
 * built-in topics exist is the broker's business, not this table's.
 */
import {
  DataVersion,
  decodeTopicConfigSerializeWrapper,
  encodeTopicConfigSerializeWrapper,
  nextDataVersion,
  TopicConfig,
  TopicConfigSerializeWrapper,
} from '@rmq/protocol';
import { ConfigFile, ConfigLoadSource } from './config-file';
import { configFilePath, ConfigFileNames } from './config-file-names';
import { NOOP_CONFIG_LOGGER } from './config-logger';
import { ConfigTableDeps } from './config-table-deps';

export class TopicConfigTable {
  private readonly file: ConfigFile<TopicConfigSerializeWrapper>;
  private readonly nowMs: () => number;
  private readonly table = new Map<string, TopicConfig>();
  private version: DataVersion;

  constructor(deps: ConfigTableDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
    this.file = new ConfigFile(
      deps.fs,
      configFilePath(deps.storePathRootDir, ConfigFileNames.TOPICS),
      {
        encode: (w) => encodeTopicConfigSerializeWrapper(w, { pretty: true }),
        decode: (b) => decodeTopicConfigSerializeWrapper(b),
      },
      deps.logger ?? NOOP_CONFIG_LOGGER,
    );
    this.version = { timestamp: this.nowMs(), counter: 0 };
  }

  get path(): string {
    return this.file.path;
  }

  /** Replaces the table with the file's content (or leaves it empty for a new store). */
  load(): ConfigLoadSource {
    const { value, source } = this.file.load();
    this.table.clear();
    if (value !== undefined) {
      for (const [name, config] of value.topicConfigTable) this.table.set(name, { ...config });
      this.version = { ...value.dataVersion };
    }
    return source;
  }

  get(topic: string): TopicConfig | undefined {
    const config = this.table.get(topic);
    return config === undefined ? undefined : { ...config };
  }

  has(topic: string): boolean {
    return this.table.has(topic);
  }

  topics(): string[] {
    return [...this.table.keys()];
  }

  dataVersion(): DataVersion {
    return { ...this.version };
  }

  /** A copy for GET_ALL_TOPIC_CONFIG and REGISTER_BROKER bodies. */
  snapshot(): TopicConfigSerializeWrapper {
    const copy = new Map([...this.table].map(([name, config]) => [name, { ...config }] as const));
    return { dataVersion: this.dataVersion(), topicConfigTable: copy };
  }

  /** Creates or replaces a topic (updateTopicConfig): bumps the data version and persists. */
  async put(config: TopicConfig): Promise<void> {
    this.table.set(config.topicName, { ...config });
    this.bump();
    await this.persist();
  }

  /** Several topics under one version bump and one write (start-up defaults, bulk admin). */
  async putAll(configs: readonly TopicConfig[]): Promise<void> {
    if (configs.length === 0) return;
    for (const config of configs) this.table.set(config.topicName, { ...config });
    this.bump();
    await this.persist();
  }

  /** Removes a topic; true if it existed (then the version is bumped and the file persisted). */
  async delete(topic: string): Promise<boolean> {
    if (!this.table.delete(topic)) return false;
    this.bump();
    await this.persist();
    return true;
  }

  persist(): Promise<void> {
    return this.file.persist(this.snapshot());
  }

  private bump(): void {
    this.version = nextDataVersion(this.version, this.nowMs());
  }
}
