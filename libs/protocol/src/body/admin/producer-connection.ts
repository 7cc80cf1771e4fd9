/** ProducerConnection (GET_PRODUCER_CONNECTION_LIST reply): `{"connectionSet":[Connection,..]}`. */
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import { mapArray, parseJsonBody, rootPath } from '../../json/json-body-reader';
import { Connection, connectionFromJson, connectionToJson } from './connection';

export interface ProducerConnection {
  connectionSet: Connection[];
}

export function encodeProducerConnection(connection: ProducerConnection): Buffer {
  return writeFastJsonBuffer({ connectionSet: connection.connectionSet.map(connectionToJson) });
}

export function decodeProducerConnection(body: Buffer | string): ProducerConnection {
  const at = rootPath('ProducerConnection');
  return { connectionSet: mapArray(parseJsonBody(body, at.body), 'connectionSet', at, connectionFromJson) };
}
