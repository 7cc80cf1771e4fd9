/**
 * TopicRouteData (GET_ROUTEINFO_BY_TOPIC reply) with its QueueData and BrokerData parts:
 *
 *   {"brokerDatas":[{"brokerAddrs":{0:"ip:port",1:"ip:port"},"brokerName":..,"cluster":..}],
 *    "filterServerTable":{},"orderTopicConf":"..."?,"queueDatas":[{"brokerName":..,"perm":6,
 *    "readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}
 *
 * Default form: bare numeric brokerAddrs keys. Standard form (request version >= 401 or
 * acceptStandardJsonOnly; see wantsStandardRouteJson): quoted keys, maps sorted, browser-compatible
 * escaping, as the 4.9.8 namesrv writes it. Lists are always written, even when empty (ali-ons sorts
 * them). QueueData's flag is `topicSysFlag` in 4.9.x; the ≤ 4.8 spelling `topicSynFlag` is accepted on
 * decode and written only on request (the 4.9.8 namesrv does not write it).
 */
import { JavaTableSizing } from '../../util/java-hash';
import { FastJsonBean, JavaKeyTypes, JavaMap } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import {
  bodyError,
  childPath,
  expectArray,
  expectObject,
  expectString,
  integerField,
  JsonPath,
  mapArray,
  mapEntries,
  optionalStringField,
  parseJsonBody,
  rootPath,
  stringField,
} from '../../json/json-body-reader';
import { LenientJsonValue } from '../../json/lenient-json.parser';

export interface QueueData {
  brokerName: string;
  readQueueNums: number;
  writeQueueNums: number;
  /** PermName bits. */
  perm: number;
  topicSysFlag: number;
}

export interface BrokerData {
  cluster: string;
  brokerName: string;
  /** brokerId → "ip:port"; id 0 is the master. */
  brokerAddrs: Map<number, string>;
}

export interface TopicRouteData {
  /** "brokerName:queueNum;..." for order topics only. */
  orderTopicConf?: string;
  queueDatas: QueueData[];
  brokerDatas: BrokerData[];
  /** broker address → filter server addresses (legacy; normally empty). */
  filterServerTable: Map<string, string[]>;
}

export interface TopicRouteDataWriteOptions {
  /** Quoted keys, sorted maps, browser-compatible escaping (4.9.4+ namesrv for new clients). */
  readonly standardJson?: boolean;
  /** Also write `topicSynFlag` (the ≤ 4.8.x name) in each QueueData. */
  readonly emitTopicSynFlag?: boolean;
}

/** The namesrv clones each BrokerData's address map before writing a route. */
export const ROUTE_BROKER_ADDRS_SIZING: JavaTableSizing = { kind: 'hashMapCopy' };

export function queueDataToJson(queueData: QueueData, emitTopicSynFlag = false): FastJsonBean {
  return {
    brokerName: queueData.brokerName,
    perm: queueData.perm,
    readQueueNums: queueData.readQueueNums,
    topicSynFlag: emitTopicSynFlag ? queueData.topicSysFlag : undefined,
    topicSysFlag: queueData.topicSysFlag,
    writeQueueNums: queueData.writeQueueNums,
  };
}

export function queueDataFromJson(value: LenientJsonValue | undefined, at: JsonPath): QueueData {
  const obj = expectObject(value, at);
  const legacyFlag = integerField(obj, 'topicSynFlag', at, 0);
  return {
    brokerName: stringField(obj, 'brokerName', at),
    readQueueNums: integerField(obj, 'readQueueNums', at, 0),
    writeQueueNums: integerField(obj, 'writeQueueNums', at, 0),
    perm: integerField(obj, 'perm', at, 0),
    topicSysFlag: integerField(obj, 'topicSysFlag', at, legacyFlag),
  };
}

export function brokerDataToJson(brokerData: BrokerData, addrsSizing?: JavaTableSizing): FastJsonBean {
  return {
    brokerAddrs: new JavaMap(JavaKeyTypes.LONG, brokerData.brokerAddrs, addrsSizing),
    brokerName: brokerData.brokerName,
    cluster: brokerData.cluster,
  };
}

export function brokerDataFromJson(value: LenientJsonValue | undefined, at: JsonPath): BrokerData {
  const obj = expectObject(value, at);
  const addrsAt = childPath(at, 'brokerAddrs');
  const brokerAddrs = new Map<number, string>();
  for (const [key, addr] of mapEntries(obj, 'brokerAddrs', at, expectString)) {
    if (!/^-?\d+$/.test(key)) throw bodyError(addrsAt, `has a broker id that is not a number: ${key}`);
    brokerAddrs.set(Number(key), addr);
  }
  return {
    cluster: stringField(obj, 'cluster', at, ''),
    brokerName: stringField(obj, 'brokerName', at),
    brokerAddrs,
  };
}

export function topicRouteDataToJson(route: TopicRouteData, emitTopicSynFlag = false): FastJsonBean {
  const filterServers = [...route.filterServerTable].map(([addr, servers]) => [addr, servers] as const);
  return {
    brokerDatas: route.brokerDatas.map((b) => brokerDataToJson(b, ROUTE_BROKER_ADDRS_SIZING)),
    filterServerTable: new JavaMap(JavaKeyTypes.STRING, filterServers),
    orderTopicConf: route.orderTopicConf,
    queueDatas: route.queueDatas.map((q) => queueDataToJson(q, emitTopicSynFlag)),
  };
}

export function topicRouteDataFromJson(value: LenientJsonValue | undefined, at: JsonPath): TopicRouteData {
  const obj = expectObject(value, at);
  const route: TopicRouteData = {
    queueDatas: mapArray(obj, 'queueDatas', at, queueDataFromJson),
    brokerDatas: mapArray(obj, 'brokerDatas', at, brokerDataFromJson),
    filterServerTable: new Map(
      mapEntries(obj, 'filterServerTable', at, (v, p) => expectArray(v, p).map((s) => expectString(s, p))),
    ),
  };
  const orderTopicConf = optionalStringField(obj, 'orderTopicConf', at);
  if (orderTopicConf !== undefined) route.orderTopicConf = orderTopicConf;
  return route;
}

export function encodeTopicRouteData(
  route: TopicRouteData,
  options: TopicRouteDataWriteOptions = {},
): Buffer {
  const standard = options.standardJson === true;
  return writeFastJsonBuffer(topicRouteDataToJson(route, options.emitTopicSynFlag), {
    browserCompatible: standard,
    sortMapKeys: standard,
  });
}

export function decodeTopicRouteData(body: Buffer | string): TopicRouteData {
  return topicRouteDataFromJson(parseJsonBody(body, 'TopicRouteData'), rootPath('TopicRouteData'));
}
