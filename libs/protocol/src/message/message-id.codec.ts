/**
 * Offset message id (the broker's `msgId`, the client's `offsetMsgId`, protocol.md §3.4): store host
 * address, store port as int32, commitlog offset as int64, in uppercase hex:
 *
 *   IPv4: 4 + 4 + 8 = 16 bytes → 32 hex chars   (10.0.0.1:10911 @1000 → 0A00000100002A9F00000000000003E8)
 *   IPv6: 16 + 4 + 8 = 28 bytes → 56 hex chars
 *
 * The length alone says which. A UNIQ_KEY is also 32 hex chars; only context tells them apart.
 */
import { MalformedMessageError } from '../errors/malformed-message.error';
import { ByteReader, writeInt64 } from '../util/byte-reader';
import { MessageConst } from './message-const';
import { decodeMessageProperties } from './message-properties.codec';
import { bytesToHost, hostToBytes, IPV4_BYTES, IPV6_BYTES, SocketAddress } from './socket-address';

const PORT_BYTES = 4;
const OFFSET_BYTES = 8;
export const OFFSET_MSG_ID_V4_HEX_CHARS = (IPV4_BYTES + PORT_BYTES + OFFSET_BYTES) * 2;
export const OFFSET_MSG_ID_V6_HEX_CHARS = (IPV6_BYTES + PORT_BYTES + OFFSET_BYTES) * 2;

export interface OffsetMessageId {
  storeHost: SocketAddress;
  /** Commitlog (physical) offset of the record. */
  commitLogOffset: number;
}

/** Hex of host + port, per store address: every record of a broker shares it. Bounded. */
const PREFIX_CACHE_ENTRIES_MAX = 1024;
const prefixCache = new Map<string, string>();

/** Brokers pass the same storeHost object for every record: look that up before building a key. */
const prefixByAddress = new WeakMap<SocketAddress, { host: string; port: number; hex: string }>();

function hostPortHex(storeHost: SocketAddress): string {
  const known = prefixByAddress.get(storeHost);
  if (known !== undefined && known.host === storeHost.host && known.port === storeHost.port) return known.hex;
  const hex = hostPortHexByKey(storeHost);
  prefixByAddress.set(storeHost, { host: storeHost.host, port: storeHost.port, hex });
  return hex;
}

function hostPortHexByKey(storeHost: SocketAddress): string {
  const key = `${storeHost.host}:${storeHost.port}`;
  let hex = prefixCache.get(key);
  if (hex === undefined) {
    const host = hostToBytes(storeHost.host);
    const out = Buffer.alloc(host.length + PORT_BYTES);
    host.copy(out, 0);
    out.writeInt32BE(storeHost.port, host.length);
    hex = out.toString('hex').toUpperCase();
    if (prefixCache.size >= PREFIX_CACHE_ENTRIES_MAX) prefixCache.clear();
    prefixCache.set(key, hex);
  }
  return hex;
}

export function encodeOffsetMessageId(storeHost: SocketAddress, commitLogOffset: number): string {
  if (Number.isSafeInteger(commitLogOffset) && commitLogOffset >= 0) {
    return (
      hostPortHex(storeHost) +
      commitLogOffset
        .toString(16)
        .toUpperCase()
        .padStart(OFFSET_BYTES * 2, '0')
    );
  }
  const offset = Buffer.alloc(OFFSET_BYTES);
  writeInt64(offset, commitLogOffset, 0);
  return hostPortHex(storeHost) + offset.toString('hex').toUpperCase();
}

export function decodeOffsetMessageId(msgId: string): OffsetMessageId {
  const hostBytes =
    msgId.length === OFFSET_MSG_ID_V4_HEX_CHARS
      ? IPV4_BYTES
      : msgId.length === OFFSET_MSG_ID_V6_HEX_CHARS
        ? IPV6_BYTES
        : 0;
  if (hostBytes === 0 || !/^[0-9a-fA-F]+$/.test(msgId)) {
    throw new MalformedMessageError(`"${msgId}" is not a 32- or 56-char hex offset message id`);
  }
  const bytes = Buffer.from(msgId, 'hex');
  const r = new ByteReader(
    bytes,
    0,
    bytes.length,
    (m) => new MalformedMessageError(`offset message id: ${m}`),
  );
  const host = bytesToHost(r.bytes(hostBytes, 'host'));
  const port = r.int32('port');
  return { storeHost: { host, port }, commitLogOffset: r.int64('offset') };
}

/**
 * The id a Java or Go consumer shows for a stored message: its UNIQ_KEY when the producer set one,
 * else the offset msgId (ali-ons producers never set UNIQ_KEY).
 */
export function effectiveMessageId(msg: {
  storeHost: SocketAddress;
  physicalOffset: number;
  propertiesString: string;
}): string {
  const uniqKey = decodeMessageProperties(msg.propertiesString).get(
    MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX,
  );
  return uniqKey ?? encodeOffsetMessageId(msg.storeHost, msg.physicalOffset);
}
