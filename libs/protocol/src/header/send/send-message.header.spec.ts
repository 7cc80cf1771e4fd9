import { decodeCommand, encodeCommand } from '../../remoting/frame-codec';
import { createResponse, SerializeType } from '../../remoting/remoting-command';
import { decodeMessageProperties } from '../../message/message-properties.codec';
import { SendMessageRequestHeader, SendMessageResponseHeader } from './send-message.header';
import {
  decodeSendMessageRequestHeader,
  SEND_MESSAGE_V2_TO_V1_KEYS,
  sendMessageHeaderV1ToV2,
  sendMessageHeaderV2ToV1,
  SendMessageRequestHeaderV2,
} from './send-message-v2.header';

const jsonFrame = (header: string): Buffer => {
  const head = Buffer.from(header, 'utf8');
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(head.length, 0);
  return Buffer.concat([prefix, head]);
};

describe('SEND_MESSAGE headers (protocol.md §1.2 verified examples)', () => {
  it('decodes the verified V2 request into V1 fields', () => {
    const cmd = decodeCommand(
      jsonFrame(
        '{"code":310,"extFields":{"a":"PG","b":"T","c":"TBW102","d":"4","e":"1","f":"0","g":"1700000000000","h":"0","i":"UNIQ_KEY\\u0001ABC\\u0002WAIT\\u0001true","j":"0","k":"false","m":"false"},"flag":0,"language":"JAVA","opaque":0,"serializeTypeCurrentRPC":"JSON","version":0}',
      ),
    );
    const v1 = decodeSendMessageRequestHeader(cmd.code, cmd.extFields);
    expect(v1).toEqual({
      producerGroup: 'PG',
      topic: 'T',
      defaultTopic: 'TBW102',
      defaultTopicQueueNums: 4,
      queueId: 1,
      sysFlag: 0,
      bornTimestamp: 1700000000000,
      flag: 0,
      properties: 'UNIQ_KEY\u0001ABC\u0002WAIT\u0001true',
      reconsumeTimes: 0,
      unitMode: false,
      batch: false,
    });
    expect(Object.fromEntries(decodeMessageProperties(v1.properties!))).toEqual({
      UNIQ_KEY: 'ABC',
      WAIT: 'true',
    });
    expect(SendMessageRequestHeaderV2.encode(sendMessageHeaderV1ToV2(v1))).toEqual(cmd.extFields);
  });

  it('maps all fourteen V2 keys both ways', () => {
    expect(Object.keys(SEND_MESSAGE_V2_TO_V1_KEYS)).toEqual([...'abcdefghijklmn']);
    const v1: SendMessageRequestHeader = {
      producerGroup: 'PG',
      topic: 'T',
      defaultTopic: 'TBW102',
      defaultTopicQueueNums: 4,
      queueId: 3,
      sysFlag: 1,
      bornTimestamp: 5,
      flag: 9,
      properties: 'A\u0001b',
      reconsumeTimes: 2,
      unitMode: true,
      batch: true,
      maxReconsumeTimes: 16,
      bname: 'broker-a',
    };
    const v2 = sendMessageHeaderV1ToV2(v1);
    expect(Object.keys(v2)).toHaveLength(14);
    expect(sendMessageHeaderV2ToV1(v2)).toEqual(v1);
    expect(SendMessageRequestHeader.fieldNames.length).toBe(14);
  });

  it('writes the verified response extFields order through createResponse', () => {
    const request = { opaque: 5, serializeType: SerializeType.JSON };
    const extFields = SendMessageResponseHeader.encode({
      msgId: '0A00...03E8',
      queueId: 1,
      queueOffset: 7,
      MSG_REGION: 'DefaultRegion',
      TRACE_ON: 'true',
    });
    const cmd = { ...createResponse(request, 0, { extFields }), version: 0 };
    expect(encodeCommand(cmd).subarray(8).toString()).toBe(
      '{"code":0,"extFields":{"queueId":"1","TRACE_ON":"true","MSG_REGION":"DefaultRegion","msgId":"0A00...03E8","queueOffset":"7"},"flag":1,"language":"JAVA","opaque":5,"serializeTypeCurrentRPC":"JSON","version":0}',
    );
  });
});
