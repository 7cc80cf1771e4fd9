/**
 * Every captured 4.9.8 frame's extFields through its typed header: decoded values must equal the
 * transcript's strings, requests must re-encode to the same keys in the same order, and responses
 * rebuilt from typed headers must be byte-identical frames.
 */
import { readFrameFixture, readFrameTranscript, TranscriptEntry } from '@rmq/testing';
import { RequestCode } from '../code/request-code';
import { ResponseCode } from '../code/response-code';
import { decodeCommand, encodeCommand } from '../remoting/frame-codec';
import { createResponse } from '../remoting/remoting-command';
import { CreateTopicRequestHeader } from './admin/update-and-create-topic.header';
import { GetAllTopicConfigResponseHeader } from './admin/get-all-topic-config.header';
import { ConsumerSendMsgBackRequestHeader } from './client/consumer-send-msg-back.header';
import {
  GetConsumerListByGroupRequestHeader,
  GetConsumerListByGroupResponseHeader,
} from './client/get-consumer-list-by-group.header';
import { NotifyConsumerIdsChangedRequestHeader } from './client/notify-consumer-ids-changed.header';
import {
  UnregisterClientRequestHeader,
  UnregisterClientResponseHeader,
} from './client/unregister-client.header';
import { HeaderCodec } from './header-codec';
import { GetRouteInfoRequestHeader } from './namesrv/get-route-info.header';
import { RegisterBrokerRequestHeader, RegisterBrokerResponseHeader } from './namesrv/register-broker.header';
import { GetMaxOffsetRequestHeader, GetMaxOffsetResponseHeader } from './offset/get-max-offset.header';
import { GetMinOffsetRequestHeader, GetMinOffsetResponseHeader } from './offset/get-min-offset.header';
import {
  QueryConsumerOffsetRequestHeader,
  QueryConsumerOffsetResponseHeader,
} from './offset/query-consumer-offset.header';
import {
  SearchOffsetRequestHeader,
  SearchOffsetResponseHeader,
} from './offset/search-offset-by-timestamp.header';
import {
  UpdateConsumerOffsetRequestHeader,
  UpdateConsumerOffsetResponseHeader,
} from './offset/update-consumer-offset.header';
import { PullMessageRequestHeader, PullMessageResponseHeader } from './pull/pull-message.header';
import { QueryMessageRequestHeader, QueryMessageResponseHeader } from './query/query-message.header';
import { ViewMessageRequestHeader } from './query/view-message-by-id.header';
import { SendMessageRequestHeader, SendMessageResponseHeader } from './send/send-message.header';
import { decodeSendMessageRequestHeader, SendMessageRequestHeaderV2 } from './send/send-message-v2.header';

type AnyCodec = HeaderCodec<Record<string, unknown>>;
interface CodePair {
  request?: AnyCodec;
  response?: AnyCodec;
  /** Response codes whose extFields hold the response header (others carry `{}` or nothing). */
  responseCodes?: number[];
}

const c = (codec: unknown): AnyCodec => codec as AnyCodec;
const PAIRS: Record<number, CodePair> = {
  [RequestCode.UPDATE_AND_CREATE_TOPIC]: { request: c(CreateTopicRequestHeader) },
  [RequestCode.REGISTER_BROKER]: {
    request: c(RegisterBrokerRequestHeader),
    response: c(RegisterBrokerResponseHeader),
  },
  [RequestCode.GET_ROUTEINFO_BY_TOPIC]: { request: c(GetRouteInfoRequestHeader) },
  [RequestCode.GET_BROKER_CLUSTER_INFO]: {},
  [RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER]: {},
  [RequestCode.HEART_BEAT]: {},
  [RequestCode.NOTIFY_CONSUMER_IDS_CHANGED]: { request: c(NotifyConsumerIdsChangedRequestHeader) },
  [RequestCode.SEND_MESSAGE_V2]: {
    request: c(SendMessageRequestHeaderV2),
    response: c(SendMessageResponseHeader),
  },
  [RequestCode.SEND_MESSAGE]: {
    request: c(SendMessageRequestHeader),
    response: c(SendMessageResponseHeader),
  },
  [RequestCode.SEND_BATCH_MESSAGE]: {
    request: c(SendMessageRequestHeaderV2),
    response: c(SendMessageResponseHeader),
  },
  [RequestCode.QUERY_CONSUMER_OFFSET]: {
    request: c(QueryConsumerOffsetRequestHeader),
    response: c(QueryConsumerOffsetResponseHeader),
  },
  [RequestCode.PULL_MESSAGE]: {
    request: c(PullMessageRequestHeader),
    response: c(PullMessageResponseHeader),
    responseCodes: [ResponseCode.SUCCESS, ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_OFFSET_MOVED],
  },
  [RequestCode.UPDATE_CONSUMER_OFFSET]: {
    request: c(UpdateConsumerOffsetRequestHeader),
    response: c(UpdateConsumerOffsetResponseHeader),
  },
  [RequestCode.GET_MAX_OFFSET]: {
    request: c(GetMaxOffsetRequestHeader),
    response: c(GetMaxOffsetResponseHeader),
  },
  [RequestCode.GET_MIN_OFFSET]: {
    request: c(GetMinOffsetRequestHeader),
    response: c(GetMinOffsetResponseHeader),
  },
  [RequestCode.SEARCH_OFFSET_BY_TIMESTAMP]: {
    request: c(SearchOffsetRequestHeader),
    response: c(SearchOffsetResponseHeader),
  },
  [RequestCode.VIEW_MESSAGE_BY_ID]: { request: c(ViewMessageRequestHeader) },
  [RequestCode.QUERY_MESSAGE]: {
    request: c(QueryMessageRequestHeader),
    response: c(QueryMessageResponseHeader),
  },
  [RequestCode.CONSUMER_SEND_MSG_BACK]: { request: c(ConsumerSendMsgBackRequestHeader) },
  [RequestCode.GET_CONSUMER_LIST_BY_GROUP]: {
    request: c(GetConsumerListByGroupRequestHeader),
    response: c(GetConsumerListByGroupResponseHeader),
  },
  [RequestCode.GET_ALL_TOPIC_CONFIG]: { response: c(GetAllTopicConfigResponseHeader) },
  9999: {},
  [RequestCode.UNREGISTER_CLIENT]: {
    request: c(UnregisterClientRequestHeader),
    response: c(UnregisterClientResponseHeader),
  },
};

const transcript = readFrameTranscript();
const requestCodeOfExchange = new Map(
  transcript.filter((e) => e.kind === 'request').map((e) => [e.exchange, e.code]),
);

/** The codec that applies to this frame, or undefined when the frame carries no header. */
function codecFor(entry: TranscriptEntry): AnyCodec | undefined {
  if (entry.kind !== 'response') return PAIRS[entry.code]?.request;
  const pair = PAIRS[requestCodeOfExchange.get(entry.exchange) ?? -1];
  const codes = pair?.responseCodes ?? [ResponseCode.SUCCESS];
  return codes.includes(entry.code) ? pair?.response : undefined;
}

describe('typed headers of every captured frame', () => {
  it('knows every exchange of the capture', () => {
    const unknown = [...requestCodeOfExchange.values()].filter((code) => PAIRS[code] === undefined);
    expect(unknown).toEqual([]);
    expect(transcript).toHaveLength(75);
  });

  it.each(transcript.map((e) => [e.file, e] as const))('%s', (_file, entry) => {
    const cmd = decodeCommand(readFrameFixture(entry.file).subarray(4));
    const codec = codecFor(entry);
    if (codec === undefined) {
      // No header class applies: the frame carries no fields (response remarks are elsewhere).
      expect(Object.keys(cmd.extFields ?? {})).toEqual([]);
      return;
    }
    const header = codec.decode(cmd.extFields);
    const fields = Object.entries(entry.extFields);
    for (const [key, text] of fields) {
      if (codec.fieldNames.includes(key)) expect([key, String(header[key])]).toEqual([key, text]);
    }
    if (entry.kind !== 'response') {
      // Requests (ours and the broker's own NOTIFY): re-encoding gives the same keys in the same order (the capture client used declaration order).
      expect(Object.entries(codec.encode(header))).toEqual(fields);
      expect(
        encodeCommand({ ...cmd, extFields: codec.encode(header) }).equals(readFrameFixture(entry.file)),
      ).toBe(true);
    } else {
      const rebuilt = createResponse(cmd, cmd.code, {
        remark: cmd.remark,
        extFields: codec.encode(header),
        body: cmd.body,
      });
      expect(encodeCommand(rebuilt).equals(readFrameFixture(entry.file))).toBe(true);
    }
  });
});

describe('captured header values (MANIFEST)', () => {
  const decode = (file: string) => decodeCommand(readFrameFixture(file).subarray(4));

  it('maps the SEND_MESSAGE_V2 header of frame 13 onto the V1 fields of frame 14', () => {
    const v2 = decode('13-broker-send-message-v2.request.bin');
    const v1 = decode('14-broker-send-message-v1.request.bin');
    const fromV2 = decodeSendMessageRequestHeader(v2.code, v2.extFields);
    const fromV1 = decodeSendMessageRequestHeader(v1.code, v1.extFields);
    expect(fromV2).toMatchObject({
      producerGroup: 'FixturePG',
      topic: 'FixtureTopic',
      defaultTopic: 'TBW102',
      queueId: 0,
    });
    expect(Object.keys(fromV2).sort()).toEqual(Object.keys(fromV1).sort());
    expect({ ...fromV2, bornTimestamp: 0, properties: '' }).toEqual({
      ...fromV1,
      bornTimestamp: 0,
      properties: '',
    });
  });

  it('reads the batch flag of frame 15 and the pull parameters of frame 18', () => {
    const batch = decode('15-broker-send-batch-message.request.bin');
    expect(decodeSendMessageRequestHeader(batch.code, batch.extFields).batch).toBe(true);
    const pull = PullMessageRequestHeader.decode(
      decode('18-broker-pull-message-found.request.bin').extFields,
    );
    expect(pull).toMatchObject({
      queueOffset: 0,
      maxMsgNums: 32,
      sysFlag: 6,
      suspendTimeoutMillis: 15000,
      subscription: '*',
    });
    const found = PullMessageResponseHeader.decode(
      decode('18-broker-pull-message-found.response.bin').extFields,
    );
    expect(found).toEqual({ suggestWhichBrokerId: 0, nextBeginOffset: 5, minOffset: 0, maxOffset: 5 });
  });

  it('reads the binary-header GET_MAX_OFFSET of frame 36', () => {
    const request = GetMaxOffsetRequestHeader.decode(
      decode('36-broker-get-max-offset-rocketmq-binary.request.bin').extFields,
    );
    const response = GetMaxOffsetResponseHeader.decode(
      decode('36-broker-get-max-offset-rocketmq-binary.response.bin').extFields,
    );
    expect([request, response]).toEqual([{ topic: 'FixtureTopic', queueId: 0 }, { offset: 5 }]);
  });

  it('a QUERY_NOT_FOUND reply (frame 16) has no offset to decode', () => {
    const cmd = decode('16-broker-query-consumer-offset-not-found.response.bin');
    expect(cmd.code).toBe(ResponseCode.QUERY_NOT_FOUND);
    expect(() => QueryConsumerOffsetResponseHeader.decode(cmd.extFields)).toThrow(/<offset>/);
  });
});
