/**
 * MessageExt: a stored message as consumers, queries and transaction checks see it, decoded from
 * the record layout (protocol.md §3.1) by @rmq/protocol. Bodies stored COMPRESSED (zlib) are
 * inflated; msgId is the UNIQ_KEY when the producer set one, else the offset msgId (as Java's
 * MessageClientExt does).
 */
import { inflateSync } from 'node:zlib';
import {
  decodeMessageProperties,
  decodeStoredMessage,
  DecodedStoredMessage,
  encodeOffsetMessageId,
  formatSocketAddress,
  MessageConst,
  MessageSysFlag,
  splitStoredMessages,
} from '@rmq/protocol';

export interface MessageExt {
  topic: string;
  body: Buffer;
  tags?: string;
  keys: string[];
  /** Every property as stored (TAGS, KEYS, UNIQ_KEY included). */
  properties: Record<string, string>;
  flag: number;
  /** UNIQ_KEY when present, else offsetMsgId. */
  msgId: string;
  /** Broker offset message id (store host + commitlog offset). */
  offsetMsgId: string;
  queueId: number;
  queueOffset: number;
  commitLogOffset: number;
  sysFlag: number;
  reconsumeTimes: number;
  /** ms since the epoch */
  bornTimestamp: number;
  /** ms since the epoch */
  storeTimestamp: number;
  /** `ip:port` */
  bornHost: string;
  /** `ip:port` of the broker that stored it. */
  storeHost: string;
  preparedTransactionOffset: number;
  bodyCRC: number;
  storeSize: number;
  /** Set by consumers: the broker the message was pulled from. */
  brokerName?: string;
  transactionId?: string;
}

/** Java's ZLIB and the "0" legacy type both mean zlib; LZ4 and ZSTD are not supported here. */
function isZlib(sysFlag: number): boolean {
  const type = sysFlag & MessageSysFlag.COMPRESSION_TYPE_COMPARATOR;
  return type === 0 || type === MessageSysFlag.COMPRESSION_ZLIB_TYPE;
}

export function messageExtFromStored(stored: DecodedStoredMessage): MessageExt {
  const props = decodeMessageProperties(stored.propertiesString);
  let body = stored.body;
  if ((stored.sysFlag & MessageSysFlag.COMPRESSED_FLAG) !== 0 && isZlib(stored.sysFlag)) {
    body = inflateSync(body);
  }
  const offsetMsgId = encodeOffsetMessageId(stored.storeHost, stored.physicalOffset);
  const keys = props.get(MessageConst.PROPERTY_KEYS);
  const msg: MessageExt = {
    topic: stored.topic,
    body,
    keys: keys === undefined ? [] : keys.split(MessageConst.KEY_SEPARATOR).filter((k) => k !== ''),
    properties: Object.fromEntries(props),
    flag: stored.flag,
    msgId: props.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX) ?? offsetMsgId,
    offsetMsgId,
    queueId: stored.queueId,
    queueOffset: stored.queueOffset,
    commitLogOffset: stored.physicalOffset,
    sysFlag: stored.sysFlag,
    reconsumeTimes: stored.reconsumeTimes,
    bornTimestamp: stored.bornTimestamp,
    storeTimestamp: stored.storeTimestamp,
    bornHost: formatSocketAddress(stored.bornHost),
    storeHost: formatSocketAddress(stored.storeHost),
    preparedTransactionOffset: stored.preparedTransactionOffset,
    bodyCRC: stored.bodyCrc,
    storeSize: stored.totalSize,
  };
  const tags = props.get(MessageConst.PROPERTY_TAGS);
  if (tags !== undefined) msg.tags = tags;
  return msg;
}

/** One stored record (a VIEW_MESSAGE_BY_ID body, a CHECK_TRANSACTION_STATE body). */
export function decodeMessageExt(record: Buffer): MessageExt {
  // Java clients do not check BODYCRC; a bad CRC would only make the same pull fail forever.
  return messageExtFromStored(decodeStoredMessage(record, 0, { verifyBodyCrc: false }));
}

/** Every record of a pull or query body. */
export function decodeMessageExts(body: Buffer | undefined): MessageExt[] {
  if (body === undefined || body.length === 0) return [];
  return splitStoredMessages(body).map(decodeMessageExt);
}
