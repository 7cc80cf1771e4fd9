/**
 * The broker's subscription groups, persisted as config/subscriptionGroup.json
 * (SubscriptionGroupManager's file part): a SubscriptionGroupWrapper in pretty fastjson. Changes bump
 * the DataVersion and are persisted before the call resolves. Auto-creating groups on heartbeat and
 * the built-in groups are the broker's policy, not this table's.
 */
import {
  DataVersion,
  decodeSubscriptionGroupWrapper,
  encodeSubscriptionGroupWrapper,
  nextDataVersion,
  SubscriptionGroupConfig,
  SubscriptionGroupWrapper,
} from '@rmq/protocol';
import { ConfigFile, ConfigLoadSource } from './config-file';
import { configFilePath, ConfigFileNames } from './config-file-names';
import { NOOP_CONFIG_LOGGER } from './config-logger';
import { ConfigTableDeps } from './config-table-deps';

export class SubscriptionGroupTable {
  private readonly file: ConfigFile<SubscriptionGroupWrapper>;
  private readonly nowMs: () => number;
  private readonly table = new Map<string, SubscriptionGroupConfig>();
  private version: DataVersion;

  constructor(deps: ConfigTableDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
    this.file = new ConfigFile(
      deps.fs,
      configFilePath(deps.storePathRootDir, ConfigFileNames.SUBSCRIPTION_GROUP),
      {
        encode: (w) => encodeSubscriptionGroupWrapper(w, { pretty: true }),
        decode: (b) => decodeSubscriptionGroupWrapper(b),
      },
      deps.logger ?? NOOP_CONFIG_LOGGER,
    );
    this.version = { timestamp: this.nowMs(), counter: 0 };
  }

  get path(): string {
    return this.file.path;
  }

  load(): ConfigLoadSource {
    const { value, source } = this.file.load();
    this.table.clear();
    if (value !== undefined) {
      for (const [name, config] of value.subscriptionGroupTable) this.table.set(name, { ...config });
      this.version = { ...value.dataVersion };
    }
    return source;
  }

  get(group: string): SubscriptionGroupConfig | undefined {
    const config = this.table.get(group);
    return config === undefined ? undefined : { ...config };
  }

  has(group: string): boolean {
    return this.table.has(group);
  }

  groups(): string[] {
    return [...this.table.keys()];
  }

  dataVersion(): DataVersion {
    return { ...this.version };
  }

  /** A copy for GET_ALL_SUBSCRIPTIONGROUP_CONFIG. */
  snapshot(): SubscriptionGroupWrapper {
    const copy = new Map([...this.table].map(([name, config]) => [name, { ...config }] as const));
    return { dataVersion: this.dataVersion(), subscriptionGroupTable: copy };
  }

  /** Creates or replaces a group (updateSubscriptionGroupConfig): bumps the version and persists. */
  async put(config: SubscriptionGroupConfig): Promise<void> {
    this.table.set(config.groupName, { ...config });
    this.bump();
    await this.persist();
  }

  async putAll(configs: readonly SubscriptionGroupConfig[]): Promise<void> {
    if (configs.length === 0) return;
    for (const config of configs) this.table.set(config.groupName, { ...config });
    this.bump();
    await this.persist();
  }

  /** Removes a group; true if it existed (then the version is bumped and the file persisted). */
  async delete(group: string): Promise<boolean> {
    if (!this.table.delete(group)) return false;
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
