/**
 * TopicList: `{"topicList":[...]}` (a Java HashSet<String>, so hash order), plus `brokerAddr` when
 * set (GET_SYSTEM_TOPIC_LIST_FROM_NS). Reply body of 206, 224, 304.
 */
import { JavaTableSizing } from '../../util/java-hash';
import { JavaKeyTypes, JavaSet } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import {
  expectString,
  mapArray,
  optionalStringField,
  parseJsonBody,
  rootPath,
} from '../../json/json-body-reader';

export interface TopicList {
  /** Topic names in insertion order; written in HashSet order. */
  topicList: string[];
  brokerAddr?: string;
}

export function encodeTopicList(list: TopicList, sizing?: JavaTableSizing): Buffer {
  return writeFastJsonBuffer({
    brokerAddr: list.brokerAddr,
    topicList: new JavaSet(JavaKeyTypes.STRING, list.topicList, sizing),
  });
}

export function decodeTopicList(body: Buffer | string): TopicList {
  const at = rootPath('TopicList');
  const obj = parseJsonBody(body, at.body);
  const list: TopicList = { topicList: mapArray(obj, 'topicList', at, expectString) };
  const brokerAddr = optionalStringField(obj, 'brokerAddr', at);
  if (brokerAddr !== undefined) list.brokerAddr = brokerAddr;
  return list;
}
