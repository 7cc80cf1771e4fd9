/**
 * SubscriptionGroupConfig (UPDATE_AND_CREATE_SUBSCRIPTIONGROUP body, subscriptionGroup.json entries)
 * and SubscriptionGroupWrapper (config/subscriptionGroup.json, GET_ALL_SUBSCRIPTIONGROUP_CONFIG reply):
 *
 *   {"dataVersion":{..},"subscriptionGroupTable":{"<group>":{"brokerId":0,"consumeBroadcastEnable":true,
 *    "consumeEnable":true,"consumeFromMinEnable":true,"groupName":..,"notifyConsumerIdsChangedEnable":true,
 *    "retryMaxTimes":16,"retryQueueNums":1,"whichBrokerWhenConsumeSlowly":1}}}
 *
 * The table is a ConcurrentHashMap(1024) in SubscriptionGroupManager.
 */
import { JavaTableSizing } from '../../util/java-hash';
import { FastJsonBean, JavaKeyTypes, JavaMap } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import {
  booleanField,
  childPath,
  expectObject,
  integerField,
  JsonPath,
  mapEntries,
  parseJsonBody,
  rootPath,
  stringField,
} from '../../json/json-body-reader';
import { LenientJsonValue } from '../../json/lenient-json.parser';
import { DataVersion, dataVersionFromJson, dataVersionToJson } from '../common/data-version';

export interface SubscriptionGroupConfig {
  groupName: string;
  consumeEnable: boolean;
  consumeFromMinEnable: boolean;
  consumeBroadcastEnable: boolean;
  retryQueueNums: number;
  retryMaxTimes: number;
  brokerId: number;
  whichBrokerWhenConsumeSlowly: number;
  notifyConsumerIdsChangedEnable: boolean;
}

export interface SubscriptionGroupWrapper {
  dataVersion: DataVersion;
  subscriptionGroupTable: Map<string, SubscriptionGroupConfig>;
}

export const SUBSCRIPTION_GROUP_TABLE_SIZING: JavaTableSizing = {
  kind: 'concurrentHashMap',
  initialCapacity: 1024,
};

/** `new SubscriptionGroupConfig()` defaults for a group. */
export function newSubscriptionGroupConfig(
  groupName: string,
  overrides: Partial<Omit<SubscriptionGroupConfig, 'groupName'>> = {},
): SubscriptionGroupConfig {
  return {
    groupName,
    consumeEnable: true,
    consumeFromMinEnable: true,
    consumeBroadcastEnable: true,
    retryQueueNums: 1,
    retryMaxTimes: 16,
    brokerId: 0,
    whichBrokerWhenConsumeSlowly: 1,
    notifyConsumerIdsChangedEnable: true,
    ...overrides,
  };
}

export function subscriptionGroupConfigToJson(config: SubscriptionGroupConfig): FastJsonBean {
  return {
    brokerId: config.brokerId,
    consumeBroadcastEnable: config.consumeBroadcastEnable,
    consumeEnable: config.consumeEnable,
    consumeFromMinEnable: config.consumeFromMinEnable,
    groupName: config.groupName,
    notifyConsumerIdsChangedEnable: config.notifyConsumerIdsChangedEnable,
    retryMaxTimes: config.retryMaxTimes,
    retryQueueNums: config.retryQueueNums,
    whichBrokerWhenConsumeSlowly: config.whichBrokerWhenConsumeSlowly,
  };
}

export function subscriptionGroupConfigFromJson(
  value: LenientJsonValue | undefined,
  at: JsonPath,
): SubscriptionGroupConfig {
  const obj = expectObject(value, at);
  const d = newSubscriptionGroupConfig('');
  return {
    groupName: stringField(obj, 'groupName', at),
    consumeEnable: booleanField(obj, 'consumeEnable', at, d.consumeEnable),
    consumeFromMinEnable: booleanField(obj, 'consumeFromMinEnable', at, d.consumeFromMinEnable),
    consumeBroadcastEnable: booleanField(obj, 'consumeBroadcastEnable', at, d.consumeBroadcastEnable),
    retryQueueNums: integerField(obj, 'retryQueueNums', at, d.retryQueueNums),
    retryMaxTimes: integerField(obj, 'retryMaxTimes', at, d.retryMaxTimes),
    brokerId: integerField(obj, 'brokerId', at, d.brokerId),
    whichBrokerWhenConsumeSlowly: integerField(
      obj,
      'whichBrokerWhenConsumeSlowly',
      at,
      d.whichBrokerWhenConsumeSlowly,
    ),
    notifyConsumerIdsChangedEnable: booleanField(
      obj,
      'notifyConsumerIdsChangedEnable',
      at,
      d.notifyConsumerIdsChangedEnable,
    ),
  };
}

export function encodeSubscriptionGroupConfig(config: SubscriptionGroupConfig): Buffer {
  return writeFastJsonBuffer(subscriptionGroupConfigToJson(config));
}

export function decodeSubscriptionGroupConfig(body: Buffer | string): SubscriptionGroupConfig {
  const at = rootPath('SubscriptionGroupConfig');
  return subscriptionGroupConfigFromJson(parseJsonBody(body, at.body), at);
}

export function encodeSubscriptionGroupWrapper(
  wrapper: SubscriptionGroupWrapper,
  options: { readonly pretty?: boolean; readonly tableSizing?: JavaTableSizing } = {},
): Buffer {
  const entries = [...wrapper.subscriptionGroupTable].map(
    ([g, c]) => [g, subscriptionGroupConfigToJson(c)] as const,
  );
  const json = {
    dataVersion: dataVersionToJson(wrapper.dataVersion),
    subscriptionGroupTable: new JavaMap(
      JavaKeyTypes.STRING,
      entries,
      options.tableSizing ?? SUBSCRIPTION_GROUP_TABLE_SIZING,
    ),
  };
  return writeFastJsonBuffer(json, { pretty: options.pretty === true });
}

export function decodeSubscriptionGroupWrapper(body: Buffer | string): SubscriptionGroupWrapper {
  const at = rootPath('SubscriptionGroupWrapper');
  const obj = parseJsonBody(body, at.body);
  return {
    dataVersion: obj.has('dataVersion')
      ? dataVersionFromJson(obj.get('dataVersion'), childPath(at, 'dataVersion'))
      : { timestamp: 0, counter: 0 },
    subscriptionGroupTable: new Map(
      mapEntries(obj, 'subscriptionGroupTable', at, subscriptionGroupConfigFromJson),
    ),
  };
}
