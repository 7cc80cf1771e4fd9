/**
 * TopicConfigSerializeWrapper: a broker's topic table with its DataVersion. It is config/topics.json
 * (pretty), the GET_ALL_TOPIC_CONFIG reply body (compact) and part of RegisterBrokerBody:
 *
 *   {"dataVersion":{"counter":N,"timestamp":ms},"topicConfigTable":{"<topic>":TopicConfig,...}}
 *
 * The Java table is a ConcurrentHashMap(1024), so topics come out in its hash order by default.
 */
import { JavaTableSizing } from '../../util/java-hash';
import { FastJsonBean, JavaKeyTypes, JavaMap } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import {
  childPath,
  expectObject,
  JsonPath,
  mapEntries,
  parseJsonBody,
  rootPath,
} from '../../json/json-body-reader';
import { LenientJsonValue } from '../../json/lenient-json.parser';
import { DataVersion, dataVersionFromJson, dataVersionToJson } from '../common/data-version';
import { TopicConfig, topicConfigFromJson, topicConfigToJson } from './topic-config';

export interface TopicConfigSerializeWrapper {
  dataVersion: DataVersion;
  /** topic name → config, in insertion order. */
  topicConfigTable: Map<string, TopicConfig>;
}

/** TopicConfigManager's table: `new ConcurrentHashMap<>(1024)`. */
export const TOPIC_CONFIG_TABLE_SIZING: JavaTableSizing = {
  kind: 'concurrentHashMap',
  initialCapacity: 1024,
};

export interface TopicConfigWrapperWriteOptions {
  /** Pretty (tab-indented) as in config/topics.json. */
  readonly pretty?: boolean;
  readonly tableSizing?: JavaTableSizing;
}

export function topicConfigSerializeWrapperToJson(
  wrapper: TopicConfigSerializeWrapper,
  tableSizing: JavaTableSizing = TOPIC_CONFIG_TABLE_SIZING,
): FastJsonBean {
  const entries = [...wrapper.topicConfigTable].map(
    ([name, config]) => [name, topicConfigToJson(config)] as const,
  );
  return {
    dataVersion: dataVersionToJson(wrapper.dataVersion),
    topicConfigTable: new JavaMap(JavaKeyTypes.STRING, entries, tableSizing),
  };
}

export function topicConfigSerializeWrapperFromJson(
  value: LenientJsonValue | undefined,
  at: JsonPath,
): TopicConfigSerializeWrapper {
  const obj = expectObject(value, at);
  const dataVersion = obj.has('dataVersion')
    ? dataVersionFromJson(obj.get('dataVersion'), childPath(at, 'dataVersion'))
    : { timestamp: 0, counter: 0 };
  return {
    dataVersion,
    topicConfigTable: new Map(mapEntries(obj, 'topicConfigTable', at, topicConfigFromJson)),
  };
}

export function encodeTopicConfigSerializeWrapper(
  wrapper: TopicConfigSerializeWrapper,
  options: TopicConfigWrapperWriteOptions = {},
): Buffer {
  const json = topicConfigSerializeWrapperToJson(wrapper, options.tableSizing);
  return writeFastJsonBuffer(json, { pretty: options.pretty === true });
}

export function decodeTopicConfigSerializeWrapper(body: Buffer | string): TopicConfigSerializeWrapper {
  const name = 'TopicConfigSerializeWrapper';
  return topicConfigSerializeWrapperFromJson(parseJsonBody(body, name), rootPath(name));
}
