/**
 * KVTable: `{"table":{"<key>":"<value>",...}}`, a HashMap<String,String>. Reply body of
 * GET_KVLIST_BY_NAMESPACE, GET_BROKER_RUNTIME_INFO and (namespace ORDER_TOPIC_CONFIG) REGISTER_BROKER.
 */
import { JavaTableSizing } from '../../util/java-hash';
import { JavaKeyTypes, JavaMap } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import { expectString, mapEntries, parseJsonBody, rootPath } from '../../json/json-body-reader';

export interface KVTable {
  table: Map<string, string>;
}

export function encodeKVTable(kv: KVTable, sizing?: JavaTableSizing): Buffer {
  return writeFastJsonBuffer({ table: new JavaMap(JavaKeyTypes.STRING, kv.table, sizing) });
}

export function decodeKVTable(body: Buffer | string): KVTable {
  const at = rootPath('KVTable');
  return { table: new Map(mapEntries(parseJsonBody(body, at.body), 'table', at, expectString)) };
}
