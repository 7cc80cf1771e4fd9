/**
 * The broker's subscription groups, persisted as config/subscriptionGroup.json
 * (SubscriptionGroupManager's file part): a SubscriptionGroupWrapper in pretty fastjson, versioned as
 * VersionedConfigTable keeps it. Auto-creating groups on heartbeat and the built-in groups are the
 * broker's policy, not this table's.
 */
import {
  decodeSubscriptionGroupWrapper,
  encodeSubscriptionGroupWrapper,
  SubscriptionGroupConfig,
  SubscriptionGroupWrapper,
} from '@rmq/protocol';
import { ConfigFileNames } from './config-file-names';
import { ConfigTableDeps } from './config-table-deps';
import { VersionedConfigTable } from './versioned-config-table';

export class SubscriptionGroupTable extends VersionedConfigTable<SubscriptionGroupConfig> {
  constructor(deps: ConfigTableDeps) {
    super(deps, {
      fileName: ConfigFileNames.SUBSCRIPTION_GROUP,
      nameOf: (config) => config.groupName,
      encode: ({ dataVersion, entries }) =>
        encodeSubscriptionGroupWrapper({ dataVersion, subscriptionGroupTable: entries }, { pretty: true }),
      decode: (bytes) => {
        const wrapper = decodeSubscriptionGroupWrapper(bytes);
        return { dataVersion: wrapper.dataVersion, entries: wrapper.subscriptionGroupTable };
      },
    });
  }

  groups(): string[] {
    return this.names();
  }

  /** A copy for GET_ALL_SUBSCRIPTIONGROUP_CONFIG. */
  snapshot(): SubscriptionGroupWrapper {
    const { dataVersion, entries } = this.entries();
    return { dataVersion, subscriptionGroupTable: entries };
  }
}
