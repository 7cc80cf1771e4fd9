/**
 * The stored message record: one commitlog entry, one element of a pull/query body, a whole view
 * body (protocol.md §3.1). Big-endian; offsets for IPv4 born and store hosts:
 *
 *   0  TOTALSIZE int32            48 BORNHOST 4+4 (16+4 if sysFlag BORNHOST_V6)
 *   4  MAGICCODE int32 0xDAA320A7 56 STORETIMESTAMP int64 (ms)
 *   8  BODYCRC int32              64 STOREHOST 4+4 (16+4 if sysFlag STOREHOSTADDRESS_V6)
 *  12  QUEUEID int32              72 RECONSUMETIMES int32
 *  16  FLAG int32                 76 PREPAREDTRANSACTIONOFFSET int64
 *  20  QUEUEOFFSET int64          84 BODYLENGTH int32 + BODY
 *  28  PHYSICALOFFSET int64          TOPICLENGTH int8 + TOPIC (≤ 127 bytes)
 *  36  SYSFLAG int32                 PROPERTIESLENGTH int16 + PROPERTIES (≤ 32 767 bytes)
 *  40  BORNTIMESTAMP int64 (ms)
 *
 * Size = 91 + body + topic + properties, plus 12 per IPv6 host. BODYCRC = CRC32(body) & 0x7FFFFFFF.
 * A BLANK record (TOTALSIZE = bytes left in the file, MAGIC 0xCBD43194) pads the end of a commitlog
 * file. Encoding sets the two IPv6 sysFlag bits from the host addresses; decoding checks magic,
 * sizes and (by default) the body CRC, and throws MalformedMessageError rather than half-decode.
 */
import { MalformedMessageError } from '../errors/malformed-message.error';
import { MessageIllegalError } from '../errors/message-illegal.error';
import { ByteReader, readInt64, writeInt64 } from '../util/byte-reader';
import { rocketmqCrc32 } from '../util/crc32';
import { MessageSysFlag } from './message-sys-flag';
import { bytesToHost, hostToBytes, IPV4_BYTES, IPV6_BYTES, SocketAddress } from './socket-address';

/** MESSAGE_MAGIC_CODE as a signed int (0xDAA320A7). */
export const MESSAGE_MAGIC_CODE = 0xdaa320a7 | 0;
/** BLANK_MAGIC_CODE as a signed int (0xCBD43194). */
export const BLANK_MAGIC_CODE = 0xcbd43194 | 0;
/** TOTALSIZE + MAGICCODE: the smallest BLANK record, and the room a file must keep for one. */
export const BLANK_RECORD_MIN_BYTES = 8;
/** Record size without body, topic and properties, both hosts IPv4. */
export const STORED_MESSAGE_FIXED_BYTES = 91;
export const TOPIC_BYTES_MAX = 127;
export const PROPERTIES_BYTES_MAX = 32767;
const HOST_V6_EXTRA_BYTES = IPV6_BYTES - IPV4_BYTES;

export interface StoredMessage {
  queueId: number;
  /** The user's int flag. */
  flag: number;
  /** Logical consume-queue offset. */
  queueOffset: number;
  /** Commitlog offset of this record. */
  physicalOffset: number;
  sysFlag: number;
  /** ms since the epoch. */
  bornTimestamp: number;
  bornHost: SocketAddress;
  /** ms since the epoch. */
  storeTimestamp: number;
  storeHost: SocketAddress;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  /** As stored (compressed when sysFlag has COMPRESSED_FLAG). */
  body: Buffer;
  topic: string;
  /** The property string exactly as stored (see message-properties.codec.ts). */
  propertiesString: string;
}

export interface DecodedStoredMessage extends StoredMessage {
  totalSize: number;
  bodyCrc: number;
}

/** Record size for these part lengths (bytes) and the host families the sysFlag announces. */
export function storedMessageSize(
  bodyBytes: number,
  topicBytes: number,
  propertiesBytes: number,
  sysFlag = 0,
): number {
  const v6Hosts =
    ((sysFlag & MessageSysFlag.BORNHOST_V6_FLAG) !== 0 ? 1 : 0) +
    ((sysFlag & MessageSysFlag.STOREHOSTADDRESS_V6_FLAG) !== 0 ? 1 : 0);
  return (
    STORED_MESSAGE_FIXED_BYTES + bodyBytes + topicBytes + propertiesBytes + v6Hosts * HOST_V6_EXTRA_BYTES
  );
}

/** sysFlag with BORNHOST_V6 / STOREHOSTADDRESS_V6 set exactly when the hosts are IPv6. */
export function withHostFamilyFlags(
  sysFlag: number,
  bornHost: SocketAddress,
  storeHost: SocketAddress,
): number {
  let flag = sysFlag & ~(MessageSysFlag.BORNHOST_V6_FLAG | MessageSysFlag.STOREHOSTADDRESS_V6_FLAG);
  if (hostToBytes(bornHost.host).length === IPV6_BYTES) flag |= MessageSysFlag.BORNHOST_V6_FLAG;
  if (hostToBytes(storeHost.host).length === IPV6_BYTES) flag |= MessageSysFlag.STOREHOSTADDRESS_V6_FLAG;
  return flag;
}

export function encodeStoredMessage(msg: StoredMessage): Buffer {
  const topic = Buffer.from(msg.topic, 'utf8');
  const properties = Buffer.from(msg.propertiesString, 'utf8');
  if (topic.length > TOPIC_BYTES_MAX)
    throw new MessageIllegalError(`topic of ${topic.length} bytes exceeds 127`);
  if (properties.length > PROPERTIES_BYTES_MAX) {
    throw new MessageIllegalError(`properties of ${properties.length} bytes exceed 32767`);
  }
  const sysFlag = withHostFamilyFlags(msg.sysFlag, msg.bornHost, msg.storeHost);
  const totalSize = storedMessageSize(msg.body.length, topic.length, properties.length, sysFlag);
  const out = Buffer.alloc(totalSize);
  let pos = out.writeInt32BE(totalSize, 0);
  pos = out.writeInt32BE(MESSAGE_MAGIC_CODE, pos);
  pos = out.writeInt32BE(rocketmqCrc32(msg.body), pos);
  pos = out.writeInt32BE(msg.queueId, pos);
  pos = out.writeInt32BE(msg.flag, pos);
  pos = writeInt64(out, msg.queueOffset, pos);
  pos = writeInt64(out, msg.physicalOffset, pos);
  pos = out.writeInt32BE(sysFlag, pos);
  pos = writeInt64(out, msg.bornTimestamp, pos);
  pos = writeHost(out, msg.bornHost, pos);
  pos = writeInt64(out, msg.storeTimestamp, pos);
  pos = writeHost(out, msg.storeHost, pos);
  pos = out.writeInt32BE(msg.reconsumeTimes, pos);
  pos = writeInt64(out, msg.preparedTransactionOffset, pos);
  pos = out.writeInt32BE(msg.body.length, pos);
  pos += msg.body.copy(out, pos);
  pos = out.writeInt8(topic.length, pos);
  pos += topic.copy(out, pos);
  pos = out.writeInt16BE(properties.length, pos);
  properties.copy(out, pos);
  return out;
}

function writeHost(out: Buffer, address: SocketAddress, pos: number): number {
  const bytes = hostToBytes(address.host);
  bytes.copy(out, pos);
  return out.writeInt32BE(address.port, pos + bytes.length);
}

export interface DecodeStoredMessageOptions {
  /** Check BODYCRC against the body (default true). */
  readonly verifyBodyCrc?: boolean;
  /**
   * Copy the body out of `buf` (default true). false returns a view, for callers that drop the
   * message before `buf` is reused (dispatch reads millions of records and needs no body).
   */
  readonly copyBody?: boolean;
}

/** Decodes the record starting at `position`; `buf` may hold more records after it. */
export function decodeStoredMessage(
  buf: Buffer,
  position = 0,
  options: DecodeStoredMessageOptions = {},
): DecodedStoredMessage {
  const head = new ByteReader(
    buf,
    position,
    buf.length,
    (m) => new MalformedMessageError(`stored message: ${m}`),
  );
  const totalSize = head.int32('TOTALSIZE');
  const magic = head.int32('MAGICCODE');
  if (magic !== MESSAGE_MAGIC_CODE) {
    const what =
      magic === BLANK_MAGIC_CODE ? 'a BLANK record' : `bad magic code 0x${(magic >>> 0).toString(16)}`;
    throw new MalformedMessageError(`stored message at ${position}: ${what}`);
  }
  if (totalSize < STORED_MESSAGE_FIXED_BYTES || position + totalSize > buf.length) {
    throw new MalformedMessageError(
      `stored message at ${position}: TOTALSIZE ${totalSize} does not fit ${buf.length - position} bytes`,
    );
  }
  const r = new ByteReader(
    buf,
    position + 8,
    position + totalSize,
    (m) => new MalformedMessageError(`stored message: ${m}`),
  );
  const msg = readRecordFields(r, totalSize, options.copyBody !== false);
  if (r.remaining !== 0) {
    throw new MalformedMessageError(
      `stored message at ${position}: ${r.remaining} bytes left over inside TOTALSIZE ${totalSize}`,
    );
  }
  if (options.verifyBodyCrc !== false && rocketmqCrc32(msg.body) !== msg.bodyCrc) {
    throw new MalformedMessageError(`stored message at ${position}: body CRC mismatch`);
  }
  return msg;
}

function readRecordFields(r: ByteReader, totalSize: number, copyBody: boolean): DecodedStoredMessage {
  const bodyCrc = r.int32('BODYCRC');
  const queueId = r.int32('QUEUEID');
  const flag = r.int32('FLAG');
  const queueOffset = r.int64('QUEUEOFFSET');
  const physicalOffset = r.int64('PHYSICALOFFSET');
  const sysFlag = r.int32('SYSFLAG');
  const bornTimestamp = r.int64('BORNTIMESTAMP');
  const bornHost = readHost(
    r,
    (sysFlag & MessageSysFlag.BORNHOST_V6_FLAG) !== 0,
    'BORNHOST',
    'BORNHOST port',
  );
  const storeTimestamp = r.int64('STORETIMESTAMP');
  const storeHost = readHost(
    r,
    (sysFlag & MessageSysFlag.STOREHOSTADDRESS_V6_FLAG) !== 0,
    'STOREHOST',
    'STOREHOST port',
  );
  const reconsumeTimes = r.int32('RECONSUMETIMES');
  const preparedTransactionOffset = r.int64('PREPAREDTRANSACTIONOFFSET');
  const bodyView = r.bytes(r.int32('BODYLENGTH'), 'BODY');
  const body = copyBody ? Buffer.from(bodyView) : bodyView;
  const topic = r.bytes(r.int8('TOPICLENGTH'), 'TOPIC').toString('utf8');
  const propertiesString = r.bytes(r.int16('PROPERTIESLENGTH'), 'PROPERTIES').toString('utf8');
  return {
    totalSize,
    bodyCrc,
    queueId,
    flag,
    queueOffset,
    physicalOffset,
    sysFlag,
    bornTimestamp,
    bornHost,
    storeTimestamp,
    storeHost,
    reconsumeTimes,
    preparedTransactionOffset,
    body,
    topic,
    propertiesString,
  };
}

function readHost(r: ByteReader, ipv6: boolean, what: string, portWhat: string): SocketAddress {
  const host = bytesToHost(r.bytes(ipv6 ? IPV6_BYTES : IPV4_BYTES, what));
  return { host, port: r.int32(portWhat) };
}

/**
 * encodeStoredMessage without the intermediate Buffer: writes the record at `offset` of `target`
 * (e.g. straight into a commit-log write buffer) and returns its TOTALSIZE. Same layout and limits;
 * throws MessageIllegalError for an over-long topic or properties and RangeError when the record does
 * not fit in `target`, in both cases before writing a byte.
 */
export function encodeStoredMessageInto(target: Buffer, offset: number, msg: StoredMessage): number {
  const topicBytes = Buffer.byteLength(msg.topic, 'utf8');
  const propertiesBytes = Buffer.byteLength(msg.propertiesString, 'utf8');
  if (topicBytes > TOPIC_BYTES_MAX) throw new MessageIllegalError(`topic of ${topicBytes} bytes exceeds 127`);
  if (propertiesBytes > PROPERTIES_BYTES_MAX) {
    throw new MessageIllegalError(`properties of ${propertiesBytes} bytes exceed 32767`);
  }
  const sysFlag = withHostFamilyFlags(msg.sysFlag, msg.bornHost, msg.storeHost);
  const totalSize = storedMessageSize(msg.body.length, topicBytes, propertiesBytes, sysFlag);
  if (offset < 0 || offset + totalSize > target.length) {
    throw new RangeError(`a record of ${totalSize} bytes does not fit at ${offset} of ${target.length}`);
  }
  let pos = target.writeInt32BE(totalSize, offset);
  pos = target.writeInt32BE(MESSAGE_MAGIC_CODE, pos);
  pos = target.writeInt32BE(rocketmqCrc32(msg.body), pos);
  pos = target.writeInt32BE(msg.queueId, pos);
  pos = target.writeInt32BE(msg.flag, pos);
  pos = writeInt64(target, msg.queueOffset, pos);
  pos = writeInt64(target, msg.physicalOffset, pos);
  pos = target.writeInt32BE(sysFlag, pos);
  pos = writeInt64(target, msg.bornTimestamp, pos);
  pos = writeHost(target, msg.bornHost, pos);
  pos = writeInt64(target, msg.storeTimestamp, pos);
  pos = writeHost(target, msg.storeHost, pos);
  pos = target.writeInt32BE(msg.reconsumeTimes, pos);
  pos = writeInt64(target, msg.preparedTransactionOffset, pos);
  pos = target.writeInt32BE(msg.body.length, pos);
  pos += msg.body.copy(target, pos);
  pos = target.writeInt8(topicBytes, pos);
  pos += target.write(msg.topic, pos, topicBytes, 'utf8');
  pos = target.writeInt16BE(propertiesBytes, pos);
  target.write(msg.propertiesString, pos, propertiesBytes, 'utf8');
  return totalSize;
}

/** The fields of a stored record that consume queues and the index need (no body, no hosts). */
export interface StoredMessageRoutingFields {
  totalSize: number;
  queueId: number;
  queueOffset: number;
  physicalOffset: number;
  sysFlag: number;
  storeTimestamp: number;
  preparedTransactionOffset: number;
  topic: string;
  propertiesString: string;
  /** Where the body starts in the buffer read, and its length (for a CRC check without a copy). */
  bodyAt: number;
  bodyLength: number;
}

/**
 * Reads only what dispatch needs, at the fixed positions of the layout above, skipping the body and
 * hosts: several times cheaper than decodeStoredMessage on the dispatch path. Checks magic and that
 * every length stays inside TOTALSIZE; throws MalformedMessageError otherwise.
 */
export function readStoredMessageRoutingFields(buf: Buffer, position = 0): StoredMessageRoutingFields {
  const fail = (why: string): never => {
    throw new MalformedMessageError(`stored message at ${position}: ${why}`);
  };
  if (position + STORED_MESSAGE_FIXED_BYTES > buf.length) fail('shorter than a record');
  const totalSize = buf.readInt32BE(position);
  if (buf.readInt32BE(position + 4) !== MESSAGE_MAGIC_CODE) fail('bad magic code');
  const end = position + totalSize;
  if (totalSize < STORED_MESSAGE_FIXED_BYTES || end > buf.length) fail(`TOTALSIZE ${totalSize} does not fit`);
  const sysFlag = buf.readInt32BE(position + 36);
  const bornHostBytes = (sysFlag & MessageSysFlag.BORNHOST_V6_FLAG) !== 0 ? IPV6_BYTES : IPV4_BYTES;
  const storeHostBytes = (sysFlag & MessageSysFlag.STOREHOSTADDRESS_V6_FLAG) !== 0 ? IPV6_BYTES : IPV4_BYTES;
  const storeTimestampAt = position + 48 + bornHostBytes + 4;
  const afterStoreHost = storeTimestampAt + 8 + storeHostBytes + 4;
  const bodyLengthAt = afterStoreHost + 4 + 8;
  if (bodyLengthAt + 4 > end) fail('fields run past TOTALSIZE');
  const bodyLength = buf.readInt32BE(bodyLengthAt);
  const topicLengthAt = bodyLengthAt + 4 + bodyLength;
  if (topicLengthAt + 1 > end || bodyLength < 0) fail('BODYLENGTH runs past TOTALSIZE');
  const topicLength = buf.readInt8(topicLengthAt);
  const propertiesLengthAt = topicLengthAt + 1 + topicLength;
  if (topicLength < 0 || propertiesLengthAt + 2 > end) fail('TOPICLENGTH runs past TOTALSIZE');
  const propertiesLength = buf.readInt16BE(propertiesLengthAt);
  if (propertiesLength < 0 || propertiesLengthAt + 2 + propertiesLength !== end)
    fail('PROPERTIESLENGTH does not end the record');
  return {
    totalSize,
    queueId: buf.readInt32BE(position + 12),
    queueOffset: readInt64(buf, position + 20),
    physicalOffset: readInt64(buf, position + 28),
    sysFlag,
    storeTimestamp: readInt64(buf, storeTimestampAt),
    preparedTransactionOffset: readInt64(buf, afterStoreHost + 4),
    topic: buf.toString('utf8', topicLengthAt + 1, propertiesLengthAt),
    propertiesString: buf.toString('utf8', propertiesLengthAt + 2, end),
    bodyAt: bodyLengthAt + 4,
    bodyLength,
  };
}
