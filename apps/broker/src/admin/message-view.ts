/**
 * A stored message as the REST admin shows it: decoded record, properties as an object, the body
 * as UTF-8 text and as base64 (inflated first when the producer compressed it), its offset msgId
 * and, when the producer set one, its UNIQ_KEY.
 */
import { inflateSync } from 'node:zlib';
import {
  decodeMessageProperties,
  decodeStoredMessage,
  encodeOffsetMessageId,
  MessageConst,
  MessageSysFlag,
} from '@rmq/protocol';

/** Inflated bodies larger than this are shown compressed (RocketMQ's maxMessageSize is 4 MiB). */
const INFLATED_BODY_BYTES_MAX = 16 * 1024 * 1024;

export interface MessageView {
  msgId: string;
  uniqKey: string | null;
  topic: string;
  tags: string | null;
  keys: string | null;
  properties: Record<string, string>;
  queueId: number;
  queueOffset: number;
  commitLogOffset: number;
  storeTimestamp: number;
  bornTimestamp: number;
  storeHost: string;
  bornHost: string;
  reconsumeTimes: number;
  sysFlag: number;
  flag: number;
  bodyCompressed: boolean;
  bodySize: number;
  bodyUtf8: string;
  bodyBase64: string;
}

export function toMessageView(record: Buffer): MessageView {
  const msg = decodeStoredMessage(record, 0, { verifyBodyCrc: false });
  const properties = decodeMessageProperties(msg.propertiesString);
  const compressed = (msg.sysFlag & MessageSysFlag.COMPRESSED_FLAG) !== 0;
  const body = compressed ? inflateOrKeep(msg.body) : msg.body;
  return {
    msgId: encodeOffsetMessageId(msg.storeHost, msg.physicalOffset),
    uniqKey: properties.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX) ?? null,
    topic: msg.topic,
    tags: properties.get(MessageConst.PROPERTY_TAGS) ?? null,
    keys: properties.get(MessageConst.PROPERTY_KEYS) ?? null,
    properties: Object.fromEntries(properties),
    queueId: msg.queueId,
    queueOffset: msg.queueOffset,
    commitLogOffset: msg.physicalOffset,
    storeTimestamp: msg.storeTimestamp,
    bornTimestamp: msg.bornTimestamp,
    storeHost: `${msg.storeHost.host}:${msg.storeHost.port}`,
    bornHost: `${msg.bornHost.host}:${msg.bornHost.port}`,
    reconsumeTimes: msg.reconsumeTimes,
    sysFlag: msg.sysFlag,
    flag: msg.flag,
    bodyCompressed: compressed,
    bodySize: body.length,
    bodyUtf8: body.toString('utf8'),
    bodyBase64: body.toString('base64'),
  };
}

function inflateOrKeep(body: Buffer): Buffer {
  try {
    return inflateSync(body, { maxOutputLength: INFLATED_BODY_BYTES_MAX });
  } catch {
    return body;
  }
}
