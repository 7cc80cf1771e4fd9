/**
 * Connection (an element of ConsumerConnection/ProducerConnection.connectionSet):
 * `{"clientAddr":"ip:port","clientId":..,"language":"JAVA","version":409}`.
 */
import { FastJsonBean } from '../../json/java-collections';
import { expectObject, integerField, JsonPath, stringField } from '../../json/json-body-reader';
import { LenientJsonValue } from '../../json/lenient-json.parser';

export interface Connection {
  clientId: string;
  clientAddr: string;
  /** LanguageCode name, e.g. JAVA, GO. */
  language: string;
  /** The client's MQVersion ordinal. */
  version: number;
}

export function connectionToJson(connection: Connection): FastJsonBean {
  return {
    clientAddr: connection.clientAddr,
    clientId: connection.clientId,
    language: connection.language,
    version: connection.version,
  };
}

export function connectionFromJson(value: LenientJsonValue | undefined, at: JsonPath): Connection {
  const obj = expectObject(value, at);
  return {
    clientId: stringField(obj, 'clientId', at, ''),
    clientAddr: stringField(obj, 'clientAddr', at, ''),
    language: stringField(obj, 'language', at, 'OTHER'),
    version: integerField(obj, 'version', at, 0),
  };
}
