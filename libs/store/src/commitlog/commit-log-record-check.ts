/**
 * Whether a commit-log record that recovery finds is whole. Beyond RocketMQ's checks (magic, size,
 * body CRC when checkCRCOnRecover) it requires PHYSICALOFFSET to equal the record's own offset (a
 * stale record left behind a torn tail is never taken for a new one) and a non-zero last byte of
 * the topic or properties: BODYCRC covers only the body, and a torn write leaves the record's tail
 * as it was before, which is zeros in a fresh or recovery-cut file (MappedFile.truncateTo).
 */
import { decodeStoredMessage, DecodedStoredMessage, MessageSysFlag } from '@rmq/protocol';

export type RecordCheck =
  | { readonly ok: true; readonly msg: DecodedStoredMessage }
  | { readonly ok: false; readonly reason: string };

const PROPERTIES_LENGTH_BYTES = 2;
/** BODYLENGTH's position with IPv4 born and store hosts; each IPv6 host adds 12 bytes. */
const BODY_LENGTH_POSITION_V4 = 84;
const HOST_V6_EXTRA_BYTES = 12;

/** Checks the record at `position` of `buf`, which should sit at commit-log offset `expectedOffset`. */
export function checkRecord(
  buf: Buffer,
  position: number,
  expectedOffset: number,
  verifyBodyCrc: boolean,
): RecordCheck {
  let msg: DecodedStoredMessage;
  try {
    msg = decodeStoredMessage(buf, position, { verifyBodyCrc });
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  if (msg.physicalOffset !== expectedOffset) {
    return { ok: false, reason: `PHYSICALOFFSET ${msg.physicalOffset} at offset ${expectedOffset}` };
  }
  if (hasZeroTail(buf, position, msg))
    return { ok: false, reason: `record at ${expectedOffset} ends in zeros (torn)` };
  return { ok: true, msg };
}

/** The last byte of the properties (or of the topic, when there are none) is 0: never true of a whole record. */
function hasZeroTail(buf: Buffer, position: number, msg: DecodedStoredMessage): boolean {
  const v6Hosts =
    ((msg.sysFlag & MessageSysFlag.BORNHOST_V6_FLAG) !== 0 ? 1 : 0) +
    ((msg.sysFlag & MessageSysFlag.STOREHOSTADDRESS_V6_FLAG) !== 0 ? 1 : 0);
  const bodyLengthAt = position + BODY_LENGTH_POSITION_V4 + v6Hosts * HOST_V6_EXTRA_BYTES;
  const topicLengthAt = bodyLengthAt + 4 + buf.readInt32BE(bodyLengthAt);
  const topicBytes = buf.readInt8(topicLengthAt);
  const propertiesLengthAt = topicLengthAt + 1 + topicBytes;
  const propertiesBytes = buf.readInt16BE(propertiesLengthAt);
  if (propertiesBytes > 0)
    return buf[propertiesLengthAt + PROPERTIES_LENGTH_BYTES + propertiesBytes - 1] === 0;
  return topicBytes > 0 && buf[topicLengthAt + topicBytes] === 0;
}
