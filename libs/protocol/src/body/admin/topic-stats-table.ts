/**
 * TopicStatsTable (GET_TOPIC_STATS_INFO reply): a HashMap<MessageQueue, TopicOffset> written with
 * MessageQueue objects as keys (protocol.md §2.4 item 3):
 *
 *   {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:{"lastUpdateTimestamp":ms,"maxOffset":10,"minOffset":0}}}
 */
import { JavaMap } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import {
  childPath,
  expectObject,
  integerField,
  JsonPath,
  objectField,
  parseJsonBody,
  rootPath,
} from '../../json/json-body-reader';
import { LenientJsonValue } from '../../json/lenient-json.parser';
import { MESSAGE_QUEUE_KEY, MessageQueue, messageQueueFromKey } from '../common/message-queue';

export interface TopicOffset {
  minOffset: number;
  maxOffset: number;
  /** Store time (ms) of the newest message; 0 if none. */
  lastUpdateTimestamp: number;
}

export interface TopicStatsTable {
  /** [queue, offsets] pairs in insertion order. */
  offsetTable: Array<[MessageQueue, TopicOffset]>;
}

function topicOffsetFromJson(value: LenientJsonValue | undefined, at: JsonPath): TopicOffset {
  const obj = expectObject(value, at);
  return {
    minOffset: integerField(obj, 'minOffset', at, 0),
    maxOffset: integerField(obj, 'maxOffset', at, 0),
    lastUpdateTimestamp: integerField(obj, 'lastUpdateTimestamp', at, 0),
  };
}

export function encodeTopicStatsTable(table: TopicStatsTable): Buffer {
  const entries = table.offsetTable.map(
    ([mq, offset]) =>
      [
        mq,
        {
          lastUpdateTimestamp: offset.lastUpdateTimestamp,
          maxOffset: offset.maxOffset,
          minOffset: offset.minOffset,
        },
      ] as const,
  );
  return writeFastJsonBuffer({ offsetTable: new JavaMap(MESSAGE_QUEUE_KEY, entries) });
}

export function decodeTopicStatsTable(body: Buffer | string): TopicStatsTable {
  const at = rootPath('TopicStatsTable');
  const tableAt = childPath(at, 'offsetTable');
  const table = objectField(parseJsonBody(body, at.body), 'offsetTable', at);
  return {
    offsetTable: [...table].map(([key, value]) => [
      messageQueueFromKey(key, tableAt),
      topicOffsetFromJson(value, childPath(tableAt, key)),
    ]),
  };
}
