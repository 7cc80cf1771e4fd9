/**
 * GetConsumerListByGroupResponseBody (GET_CONSUMER_LIST_BY_GROUP reply):
 * `{"consumerIdList":["ip@instance",...]}`, a List in the broker's order.
 */
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import { expectString, mapArray, parseJsonBody, rootPath } from '../../json/json-body-reader';

export interface GetConsumerListByGroupResponseBody {
  consumerIdList: string[];
}

export function encodeGetConsumerListByGroupResponseBody(body: GetConsumerListByGroupResponseBody): Buffer {
  return writeFastJsonBuffer({ consumerIdList: body.consumerIdList });
}

export function decodeGetConsumerListByGroupResponseBody(
  body: Buffer | string,
): GetConsumerListByGroupResponseBody {
  const at = rootPath('GetConsumerListByGroupResponseBody');
  return { consumerIdList: mapArray(parseJsonBody(body, at.body), 'consumerIdList', at, expectString) };
}
