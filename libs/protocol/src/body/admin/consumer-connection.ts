/**
 * ConsumerConnection (GET_CONSUMER_CONNECTION_LIST reply):
 *
 *   {"connectionSet":[Connection,..],"consumeFromWhere":..,"consumeType":..,"messageModel":..,
 *    "subscriptionTable":{"<topic>":SubscriptionData,..}}
 *
 * connectionSet is a HashSet of identity-hashed objects (written in the given order);
 * subscriptionTable is a ConcurrentHashMap<String, SubscriptionData> (hash order).
 */
import { JavaKeyTypes, JavaMap } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import {
  mapArray,
  mapEntries,
  optionalStringField,
  parseJsonBody,
  rootPath,
} from '../../json/json-body-reader';
import { SubscriptionData, subscriptionDataFromJson, subscriptionDataToJson } from '../client/heartbeat-data';
import { Connection, connectionFromJson, connectionToJson } from './connection';

export interface ConsumerConnection {
  connectionSet: Connection[];
  subscriptionTable: Map<string, SubscriptionData>;
  consumeType?: string;
  messageModel?: string;
  consumeFromWhere?: string;
}

export function encodeConsumerConnection(connection: ConsumerConnection): Buffer {
  const subscriptions = [...connection.subscriptionTable].map(
    ([t, s]) => [t, subscriptionDataToJson(s)] as const,
  );
  return writeFastJsonBuffer({
    connectionSet: connection.connectionSet.map(connectionToJson),
    consumeFromWhere: connection.consumeFromWhere,
    consumeType: connection.consumeType,
    messageModel: connection.messageModel,
    subscriptionTable: new JavaMap(JavaKeyTypes.STRING, subscriptions, { kind: 'concurrentHashMap' }),
  });
}

export function decodeConsumerConnection(body: Buffer | string): ConsumerConnection {
  const at = rootPath('ConsumerConnection');
  const obj = parseJsonBody(body, at.body);
  const out: ConsumerConnection = {
    connectionSet: mapArray(obj, 'connectionSet', at, connectionFromJson),
    subscriptionTable: new Map(mapEntries(obj, 'subscriptionTable', at, subscriptionDataFromJson)),
  };
  for (const key of ['consumeType', 'messageModel', 'consumeFromWhere'] as const) {
    const value = optionalStringField(obj, key, at);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
