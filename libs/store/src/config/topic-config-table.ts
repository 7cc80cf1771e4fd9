/**
 * The broker's topic table, persisted as config/topics.json (TopicConfigManager's file part): a
 * TopicConfigSerializeWrapper in pretty fastjson, versioned as VersionedConfigTable keeps it. Which
 * built-in topics exist is the broker's business, not this table's.
 */
import {
  decodeTopicConfigSerializeWrapper,
  encodeTopicConfigSerializeWrapper,
  TopicConfig,
  TopicConfigSerializeWrapper,
} from '@rmq/protocol';
import { ConfigFileNames } from './config-file-names';
import { ConfigTableDeps } from './config-table-deps';
import { VersionedConfigTable } from './versioned-config-table';

export class TopicConfigTable extends VersionedConfigTable<TopicConfig> {
  constructor(deps: ConfigTableDeps) {
    super(deps, {
      fileName: ConfigFileNames.TOPICS,
      nameOf: (config) => config.topicName,
      encode: ({ dataVersion, entries }) =>
        encodeTopicConfigSerializeWrapper({ dataVersion, topicConfigTable: entries }, { pretty: true }),
      decode: (bytes) => {
        const wrapper = decodeTopicConfigSerializeWrapper(bytes);
        return { dataVersion: wrapper.dataVersion, entries: wrapper.topicConfigTable };
      },
    });
  }

  topics(): string[] {
    return this.names();
  }

  /** A copy for GET_ALL_TOPIC_CONFIG and REGISTER_BROKER bodies. */
  snapshot(): TopicConfigSerializeWrapper {
    const { dataVersion, entries } = this.entries();
    return { dataVersion, topicConfigTable: entries };
  }
}
