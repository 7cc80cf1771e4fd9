/**
 * Consumer groups known to the broker (RocketMQ's SubscriptionGroupManager): the built-in groups,
 * groups created by admins, and, with autoCreateSubscriptionGroup, groups created the first time a
 * client uses them. Persisted in config/subscriptionGroup.json.
 */
import {
  CID_RMQ_SYS_TRANS,
  DataVersion,
  newSubscriptionGroupConfig,
  SubscriptionGroupConfig,
  SubscriptionGroupWrapper,
} from '@rmq/protocol';
import type { SubscriptionGroupTable } from '@rmq/store';

/** MixAll's groups that exist on every broker. */
const BUILT_IN_GROUPS = [
  'TOOLS_CONSUMER',
  'FILTERSRV_CONSUMER',
  'SELF_TEST_C_GROUP',
  'CID_ONS-HTTP-PROXY',
  'CID_ONSAPI_PULL',
  'CID_ONSAPI_PERMISSION',
  'CID_ONSAPI_OWNER',
  CID_RMQ_SYS_TRANS,
];

export class SubscriptionGroupManager {
  constructor(
    private readonly table: SubscriptionGroupTable,
    private readonly autoCreateSubscriptionGroup: boolean,
  ) {}

  async load(): Promise<void> {
    this.table.load();
    const missing = BUILT_IN_GROUPS.filter((group) => !this.table.has(group)).map((group) =>
      newSubscriptionGroupConfig(group),
    );
    await this.table.putAll(missing);
  }

  /** The group's config; creates it (defaults) when unknown and auto-creation is on. */
  async findSubscriptionGroupConfig(group: string): Promise<SubscriptionGroupConfig | undefined> {
    const existing = this.table.get(group);
    if (existing !== undefined || !this.autoCreateSubscriptionGroup) return existing;
    const config = newSubscriptionGroupConfig(group);
    await this.table.put(config);
    return config;
  }

  get(group: string): SubscriptionGroupConfig | undefined {
    return this.table.get(group);
  }

  groups(): string[] {
    return this.table.groups();
  }

  async updateSubscriptionGroupConfig(config: SubscriptionGroupConfig): Promise<void> {
    await this.table.put(config);
  }

  deleteSubscriptionGroupConfig(group: string): Promise<boolean> {
    return this.table.delete(group);
  }

  dataVersion(): DataVersion {
    return this.table.dataVersion();
  }

  snapshot(): SubscriptionGroupWrapper {
    return this.table.snapshot();
  }
}
