/**
 * HeartbeatData (HEART_BEAT request body) with ProducerData, ConsumerData and SubscriptionData:
 *
 *   {"clientID":"ip@instance","consumerDataSet":[{"consumeFromWhere":..,"consumeType":..,
 *    "groupName":..,"messageModel":..,"subscriptionDataSet":[{"classFilterMode":false,"codeSet":[..],
 *    "expressionType":"TAG","subString":"*","subVersion":ms,"tagsSet":[..],"topic":..}],"unitMode":false}],
 *    "producerDataSet":[{"groupName":..}]}
 *
 * The data sets are Java HashSets of objects hashed by identity (no stable order), so they are
 * written in the order given; tagsSet/codeSet are ordinary HashSets and come out in hash order.
 */
import { javaStringHashCode } from '../../util/java-hash';
import { FastJsonBean, JavaKeyTypes, JavaSet } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import {
  booleanField,
  expectInteger,
  expectObject,
  expectString,
  integerField,
  JsonPath,
  mapArray,
  parseJsonBody,
  rootPath,
  stringField,
} from '../../json/json-body-reader';
import { LenientJsonValue } from '../../json/lenient-json.parser';

export interface SubscriptionData {
  topic: string;
  /** `*` or `tagA || tagB` (or an SQL92 expression). */
  subString: string;
  tagsSet: string[];
  /** Java String.hashCode of each tag; matched against consume-queue tagsCode. */
  codeSet: number[];
  /** Subscription version: client time in ms. */
  subVersion: number;
  /** `TAG` or `SQL92`. */
  expressionType: string;
  classFilterMode: boolean;
}

export interface ConsumerData {
  groupName: string;
  /** CONSUME_ACTIVELY (pull) or CONSUME_PASSIVELY (push). */
  consumeType: string;
  /** CLUSTERING or BROADCASTING. */
  messageModel: string;
  /** CONSUME_FROM_LAST_OFFSET, CONSUME_FROM_FIRST_OFFSET, CONSUME_FROM_TIMESTAMP, ... */
  consumeFromWhere: string;
  subscriptionDataSet: SubscriptionData[];
  unitMode: boolean;
}

export interface ProducerData {
  groupName: string;
}

export interface HeartbeatData {
  clientID: string;
  producerDataSet: ProducerData[];
  consumerDataSet: ConsumerData[];
}

export const SUB_ALL = '*';
const TAG_SEPARATOR = '||';

/** A TAG subscription as RocketMQ's FilterAPI builds it: `*` matches all; else `a || b` → tags and codes. */
export function buildSubscriptionData(
  topic: string,
  subString: string | undefined,
  subVersion: number,
): SubscriptionData {
  const data: SubscriptionData = {
    topic,
    subString: SUB_ALL,
    tagsSet: [],
    codeSet: [],
    subVersion,
    expressionType: 'TAG',
    classFilterMode: false,
  };
  if (subString === undefined || subString === '' || subString === SUB_ALL) return data;
  data.subString = subString;
  for (const tag of subString.split(TAG_SEPARATOR).map((t) => t.trim())) {
    if (tag === '' || data.tagsSet.includes(tag)) continue;
    data.tagsSet.push(tag);
    data.codeSet.push(javaStringHashCode(tag));
  }
  return data;
}

export function subscriptionDataToJson(sub: SubscriptionData): FastJsonBean {
  return {
    classFilterMode: sub.classFilterMode,
    codeSet: new JavaSet(JavaKeyTypes.INTEGER, sub.codeSet),
    expressionType: sub.expressionType,
    subString: sub.subString,
    subVersion: sub.subVersion,
    tagsSet: new JavaSet(JavaKeyTypes.STRING, sub.tagsSet),
    topic: sub.topic,
  };
}

export function subscriptionDataFromJson(
  value: LenientJsonValue | undefined,
  at: JsonPath,
): SubscriptionData {
  const obj = expectObject(value, at);
  return {
    topic: stringField(obj, 'topic', at),
    subString: stringField(obj, 'subString', at, SUB_ALL),
    tagsSet: mapArray(obj, 'tagsSet', at, expectString),
    codeSet: mapArray(obj, 'codeSet', at, expectInteger),
    subVersion: integerField(obj, 'subVersion', at, 0),
    expressionType: stringField(obj, 'expressionType', at, 'TAG'),
    classFilterMode: booleanField(obj, 'classFilterMode', at, false),
  };
}

function consumerDataToJson(consumer: ConsumerData): FastJsonBean {
  return {
    consumeFromWhere: consumer.consumeFromWhere,
    consumeType: consumer.consumeType,
    groupName: consumer.groupName,
    messageModel: consumer.messageModel,
    subscriptionDataSet: consumer.subscriptionDataSet.map(subscriptionDataToJson),
    unitMode: consumer.unitMode,
  };
}

function consumerDataFromJson(value: LenientJsonValue | undefined, at: JsonPath): ConsumerData {
  const obj = expectObject(value, at);
  return {
    groupName: stringField(obj, 'groupName', at),
    consumeType: stringField(obj, 'consumeType', at, ''),
    messageModel: stringField(obj, 'messageModel', at, 'CLUSTERING'),
    consumeFromWhere: stringField(obj, 'consumeFromWhere', at, ''),
    subscriptionDataSet: mapArray(obj, 'subscriptionDataSet', at, subscriptionDataFromJson),
    unitMode: booleanField(obj, 'unitMode', at, false),
  };
}

export function encodeHeartbeatData(data: HeartbeatData): Buffer {
  return writeFastJsonBuffer({
    clientID: data.clientID,
    consumerDataSet: data.consumerDataSet.map(consumerDataToJson),
    producerDataSet: data.producerDataSet.map((p) => ({ groupName: p.groupName })),
  });
}

export function decodeHeartbeatData(body: Buffer | string): HeartbeatData {
  const at = rootPath('HeartbeatData');
  const obj = parseJsonBody(body, at.body);
  return {
    clientID: stringField(obj, 'clientID', at),
    producerDataSet: mapArray(obj, 'producerDataSet', at, (v, p) => ({
      groupName: stringField(expectObject(v, p), 'groupName', p),
    })),
    consumerDataSet: mapArray(obj, 'consumerDataSet', at, consumerDataFromJson),
  };
}
