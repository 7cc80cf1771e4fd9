/**
 * QueryConsumeTimeSpanBody (QUERY_CONSUME_TIME_SPAN reply): per queue, the store times of its
 * oldest and newest messages, of the group's last consumed message, and the gap between the last
 * two (ms). consumeTimeSpanSet is a HashSet of identity-hashed objects, written in the given order:
 *
 *   {"consumeTimeSpanSet":[{"consumeTimeStamp":ms,"delayTime":ms,"maxTimeStamp":ms,
 *    "messageQueue":{"brokerName":..,"queueId":0,"topic":..},"minTimeStamp":ms}]}
 */
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import {
  childPath,
  expectObject,
  integerField,
  JsonPath,
  mapArray,
  parseJsonBody,
  rootPath,
} from '../../json/json-body-reader';
import { LenientJsonValue } from '../../json/lenient-json.parser';
import { MessageQueue, messageQueueFromJson, messageQueueToJson } from '../common/message-queue';

export interface QueueTimeSpan {
  messageQueue: MessageQueue;
  minTimeStamp: number;
  maxTimeStamp: number;
  consumeTimeStamp: number;
  delayTime: number;
}

export interface QueryConsumeTimeSpanBody {
  consumeTimeSpanSet: QueueTimeSpan[];
}

function queueTimeSpanFromJson(value: LenientJsonValue | undefined, at: JsonPath): QueueTimeSpan {
  const obj = expectObject(value, at);
  return {
    messageQueue: messageQueueFromJson(obj.get('messageQueue'), childPath(at, 'messageQueue')),
    minTimeStamp: integerField(obj, 'minTimeStamp', at, 0),
    maxTimeStamp: integerField(obj, 'maxTimeStamp', at, 0),
    consumeTimeStamp: integerField(obj, 'consumeTimeStamp', at, 0),
    delayTime: integerField(obj, 'delayTime', at, 0),
  };
}

export function encodeQueryConsumeTimeSpanBody(body: QueryConsumeTimeSpanBody): Buffer {
  return writeFastJsonBuffer({
    consumeTimeSpanSet: body.consumeTimeSpanSet.map((span) => ({
      consumeTimeStamp: span.consumeTimeStamp,
      delayTime: span.delayTime,
      maxTimeStamp: span.maxTimeStamp,
      messageQueue: messageQueueToJson(span.messageQueue),
      minTimeStamp: span.minTimeStamp,
    })),
  });
}

export function decodeQueryConsumeTimeSpanBody(body: Buffer | string): QueryConsumeTimeSpanBody {
  const at = rootPath('QueryConsumeTimeSpanBody');
  return {
    consumeTimeSpanSet: mapArray(
      parseJsonBody(body, at.body),
      'consumeTimeSpanSet',
      at,
      queueTimeSpanFromJson,
    ),
  };
}
