/** GroupList (QUERY_TOPIC_CONSUME_BY_WHO reply): `{"groupList":[...]}`, a HashSet<String>. */
import { JavaTableSizing } from '../../util/java-hash';
import { JavaKeyTypes, JavaSet } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import { expectString, mapArray, parseJsonBody, rootPath } from '../../json/json-body-reader';

export interface GroupList {
  groupList: string[];
}

export function encodeGroupList(list: GroupList, sizing?: JavaTableSizing): Buffer {
  return writeFastJsonBuffer({ groupList: new JavaSet(JavaKeyTypes.STRING, list.groupList, sizing) });
}

export function decodeGroupList(body: Buffer | string): GroupList {
  const at = rootPath('GroupList');
  return { groupList: mapArray(parseJsonBody(body, at.body), 'groupList', at, expectString) };
}
