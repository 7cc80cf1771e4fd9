/**
 * Whether a commit-log record that recovery finds is whole. Beyond RocketMQ's checks (magic, size,
 * body CRC when checkCRCOnRecover) it requires PHYSICALOFFSET to equal the record's own offset (a
 * stale record left behind a torn tail is never taken for a new one) and a non-zero last byte of
 * the topic or properties: BODYCRC covers only the body, and a torn write leaves the record's tail
 * as it was before, which is zeros in a fresh or recovery-cut file (MappedFile.truncateTo).
 * It reads the record's routing fields only (readStoredMessageRoutingFields: every length inside
 * TOTALSIZE, properties ending exactly at it) and CRCs the body in place, so a scan costs little
 * more than the CRC. BORNTIMESTAMP and the hosts are not read (recovery has no use for them).
 */
import { readStoredMessageRoutingFields, rocketmqCrc32, StoredMessageRoutingFields } from '@rmq/protocol';

export type RecordCheck =
  | { readonly ok: true; readonly record: StoredMessageRoutingFields }
  | { readonly ok: false; readonly reason: string };

// Hot path (every record a recovery scans): bound once, skipping the getters CommonJS emits for `export *`.
const readRoutingFields = readStoredMessageRoutingFields;
const crc32Of = rocketmqCrc32;

const BODY_CRC_AT = 8;
/** The properties' 2-byte length sits between the topic's last byte and the record's end. */
const PROPERTIES_LENGTH_BYTES = 2;

/** Checks the record at `position` of `buf`, which should sit at commit-log offset `expectedOffset`. */
export function checkRecord(
  buf: Buffer,
  position: number,
  expectedOffset: number,
  verifyBodyCrc: boolean,
): RecordCheck {
  let record: StoredMessageRoutingFields;
  try {
    record = readRoutingFields(buf, position);
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  if (record.physicalOffset !== expectedOffset) {
    return { ok: false, reason: `PHYSICALOFFSET ${record.physicalOffset} at offset ${expectedOffset}` };
  }
  const { queueOffset, storeTimestamp, preparedTransactionOffset } = record;
  if (
    !Number.isSafeInteger(queueOffset) ||
    !Number.isSafeInteger(storeTimestamp) ||
    !Number.isSafeInteger(preparedTransactionOffset)
  ) {
    return { ok: false, reason: `stored message at ${position}: an int64 field is beyond 2^53` };
  }
  if (verifyBodyCrc) {
    const crc = crc32Of(buf.subarray(record.bodyAt, record.bodyAt + record.bodyLength));
    if (crc !== buf.readInt32BE(position + BODY_CRC_AT)) {
      return { ok: false, reason: `stored message at ${position}: body CRC mismatch` };
    }
  }
  if (hasZeroTail(buf, position + record.totalSize, record))
    return { ok: false, reason: `record at ${expectedOffset} ends in zeros (torn)` };
  return { ok: true, record };
}

/** The last byte of the properties (or of the topic, when there are none) is 0: never true of a whole record. */
function hasZeroTail(buf: Buffer, end: number, record: StoredMessageRoutingFields): boolean {
  if (record.propertiesString.length > 0) return buf[end - 1] === 0;
  return record.topic.length > 0 && buf[end - 1 - PROPERTIES_LENGTH_BYTES] === 0;
}
