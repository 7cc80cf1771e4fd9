/** ResetOffsetBody and QueryConsumeTimeSpanBody, plus the admin headers added with them. */
import { MissingHeaderFieldError } from '../../errors/missing-header-field.error';
import { GetBrokerConfigResponseHeader } from '../../header/admin/get-broker-config.header';
import { QueryConsumeTimeSpanRequestHeader } from '../../header/admin/query-consume-time-span.header';
import { QueryTopicConsumeByWhoRequestHeader } from '../../header/admin/query-topic-consume-by-who.header';
import { ResetOffsetRequestHeader } from '../../header/admin/reset-offset.header';
import {
  decodeQueryConsumeTimeSpanBody,
  encodeQueryConsumeTimeSpanBody,
} from './query-consume-time-span-body';
import { decodeResetOffsetBody, encodeResetOffsetBody } from './reset-offset-body';

const mq0 = { topic: 'T', brokerName: 'broker-a', queueId: 0 };
const mq1 = { topic: 'T', brokerName: 'broker-a', queueId: 1 };

describe('ResetOffsetBody', () => {
  it('writes MessageQueue object keys with long values, as fastjson does', () => {
    const text = encodeResetOffsetBody({ offsetTable: [[mq0, 12]] }).toString();
    expect(text).toBe('{"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:12}}');
  });

  it('round-trips several queues and reads string keys too', () => {
    const decoded = decodeResetOffsetBody(
      encodeResetOffsetBody({
        offsetTable: [
          [mq0, 3],
          [mq1, 7],
        ],
      }),
    );
    expect(new Map(decoded.offsetTable.map(([mq, o]) => [mq.queueId, o]))).toEqual(
      new Map([
        [0, 3],
        [1, 7],
      ]),
    );
    const stringKey = '{"offsetTable":{"{\\"brokerName\\":\\"b\\",\\"queueId\\":2,\\"topic\\":\\"T\\"}":5}}';
    expect(decodeResetOffsetBody(stringKey).offsetTable).toEqual([
      [{ topic: 'T', brokerName: 'b', queueId: 2 }, 5],
    ]);
  });
});

describe('QueryConsumeTimeSpanBody', () => {
  const span = { messageQueue: mq1, minTimeStamp: 10, maxTimeStamp: 30, consumeTimeStamp: 20, delayTime: 10 };

  it('writes fields in alphabetical order and round-trips', () => {
    const text = encodeQueryConsumeTimeSpanBody({ consumeTimeSpanSet: [span] }).toString();
    expect(text).toBe(
      '{"consumeTimeSpanSet":[{"consumeTimeStamp":20,"delayTime":10,"maxTimeStamp":30,' +
        '"messageQueue":{"brokerName":"broker-a","queueId":1,"topic":"T"},"minTimeStamp":10}]}',
    );
    expect(decodeQueryConsumeTimeSpanBody(text)).toEqual({ consumeTimeSpanSet: [span] });
  });
});

describe('admin headers', () => {
  it('ResetOffsetRequestHeader: timestamp is a long, isForce defaults to false', () => {
    const h = ResetOffsetRequestHeader.decode({ topic: 'T', group: 'G', timestamp: '1700000000000' });
    expect(h).toEqual({ topic: 'T', group: 'G', timestamp: 1700000000000, isForce: false });
    expect(ResetOffsetRequestHeader.encode(h)).toEqual({
      topic: 'T',
      group: 'G',
      timestamp: '1700000000000',
      isForce: 'false',
    });
    expect(() => ResetOffsetRequestHeader.decode({ topic: 'T', group: 'G' })).toThrow(
      MissingHeaderFieldError,
    );
  });

  it('QueryTopicConsumeByWho, QueryConsumeTimeSpan and GetBrokerConfig headers need their fields', () => {
    expect(QueryTopicConsumeByWhoRequestHeader.decode({ topic: 'T' })).toEqual({ topic: 'T' });
    expect(QueryConsumeTimeSpanRequestHeader.decode({ topic: 'T', group: 'G' })).toEqual({
      topic: 'T',
      group: 'G',
    });
    expect(() => QueryConsumeTimeSpanRequestHeader.decode({ topic: 'T' })).toThrow(MissingHeaderFieldError);
    expect(GetBrokerConfigResponseHeader.encode({ version: '{"counter":1,"timestamp":5}' })).toEqual({
      version: '{"counter":1,"timestamp":5}',
    });
  });
});
