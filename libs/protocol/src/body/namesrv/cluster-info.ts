/**
 * ClusterInfo (GET_BROKER_CLUSTER_INFO reply):
 *
 *   {"brokerAddrTable":{"<brokerName>":BrokerData,...},"clusterAddrTable":{"<cluster>":["<brokerName>",..]}}
 *
 * Always written in fastjson's default form (bare numeric brokerAddrs keys; no version switch
 * applies). Map orders follow the namesrv's tables: brokerAddrTable is a HashMap(128),
 * clusterAddrTable a HashMap(32) of HashSets, each BrokerData's brokerAddrs a default HashMap.
 */
import { JavaTableSizing } from '../../util/java-hash';
import { JavaKeyTypes, JavaMap, JavaSet } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import { expectArray, expectString, mapEntries, parseJsonBody, rootPath } from '../../json/json-body-reader';
import { BrokerData, brokerDataFromJson, brokerDataToJson } from '../route/topic-route-data';

export interface ClusterInfo {
  /** brokerName → BrokerData, in insertion order. */
  brokerAddrTable: Map<string, BrokerData>;
  /** cluster name → broker names (a Java HashSet). */
  clusterAddrTable: Map<string, string[]>;
}

export const BROKER_ADDR_TABLE_SIZING: JavaTableSizing = { kind: 'hashMap', initialCapacity: 128 };
export const CLUSTER_ADDR_TABLE_SIZING: JavaTableSizing = { kind: 'hashMap', initialCapacity: 32 };

export function encodeClusterInfo(info: ClusterInfo): Buffer {
  const brokers = [...info.brokerAddrTable].map(([name, data]) => [name, brokerDataToJson(data)] as const);
  const clusters = [...info.clusterAddrTable].map(
    ([cluster, names]) => [cluster, new JavaSet(JavaKeyTypes.STRING, names)] as const,
  );
  return writeFastJsonBuffer({
    brokerAddrTable: new JavaMap(JavaKeyTypes.STRING, brokers, BROKER_ADDR_TABLE_SIZING),
    clusterAddrTable: new JavaMap(JavaKeyTypes.STRING, clusters, CLUSTER_ADDR_TABLE_SIZING),
  });
}

export function decodeClusterInfo(body: Buffer | string): ClusterInfo {
  const at = rootPath('ClusterInfo');
  const obj = parseJsonBody(body, at.body);
  return {
    brokerAddrTable: new Map(mapEntries(obj, 'brokerAddrTable', at, brokerDataFromJson)),
    clusterAddrTable: new Map(
      mapEntries(obj, 'clusterAddrTable', at, (v, p) =>
        expectArray(v, p).map((name) => expectString(name, p)),
      ),
    ),
  };
}
