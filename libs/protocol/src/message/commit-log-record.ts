/**
 * Walking concatenated stored records: pull and query bodies (records back to back, no framing,
 * protocol.md §3.6) and commitlog files (records, then an optional BLANK record, then zeros, §4.1).
 *
 *   BLANK record: TOTALSIZE int32 (= bytes left in the file) | MAGICCODE int32 0xCBD43194 | unspecified
 */
import { MalformedMessageError } from '../errors/malformed-message.error';
import {
  BLANK_MAGIC_CODE,
  BLANK_RECORD_MIN_BYTES,
  decodeStoredMessage,
  DecodedStoredMessage,
  DecodeStoredMessageOptions,
  MESSAGE_MAGIC_CODE,
  STORED_MESSAGE_FIXED_BYTES,
} from './stored-message.codec';

/** Splits a pull/query body into one Buffer per record (views, not copies). */
export function splitStoredMessages(body: Buffer): Buffer[] {
  const records: Buffer[] = [];
  for (let pos = 0; pos < body.length; ) {
    if (body.length - pos < 4) throw new MalformedMessageError(`truncated record header at ${pos}`);
    const totalSize = body.readInt32BE(pos);
    if (totalSize < STORED_MESSAGE_FIXED_BYTES || pos + totalSize > body.length) {
      throw new MalformedMessageError(
        `record at ${pos} claims ${totalSize} bytes; ${body.length - pos} left`,
      );
    }
    records.push(body.subarray(pos, pos + totalSize));
    pos += totalSize;
  }
  return records;
}

/** Decodes every record of a pull/query body. */
export function decodeStoredMessages(
  body: Buffer,
  options?: DecodeStoredMessageOptions,
): DecodedStoredMessage[] {
  return splitStoredMessages(body).map((record) => decodeStoredMessage(record, 0, options));
}

/**
 * What the commitlog holds at `position`, as recovery needs to know it:
 * - `message`: a record with the message magic and a plausible size (decode it to validate);
 * - `blank`: the end-of-file padding record; the next record is at the next file's start;
 * - `end`: TOTALSIZE 0 or fewer than 8 bytes left: the end of written data;
 * - `corrupt`: anything else: treat as the end of valid data.
 */
export type CommitLogRecordKind =
  | { readonly kind: 'message'; readonly totalSize: number }
  | { readonly kind: 'blank'; readonly totalSize: number }
  | { readonly kind: 'end' }
  | { readonly kind: 'corrupt'; readonly reason: string };

export function inspectCommitLogRecord(file: Buffer, position: number): CommitLogRecordKind {
  if (file.length - position < BLANK_RECORD_MIN_BYTES) return { kind: 'end' };
  const totalSize = file.readInt32BE(position);
  const magic = file.readInt32BE(position + 4);
  if (totalSize === 0 && magic === 0) return { kind: 'end' };
  if (magic === BLANK_MAGIC_CODE) {
    if (totalSize < BLANK_RECORD_MIN_BYTES || position + totalSize > file.length) {
      return { kind: 'corrupt', reason: `BLANK record of ${totalSize} bytes does not fit` };
    }
    return { kind: 'blank', totalSize };
  }
  if (magic !== MESSAGE_MAGIC_CODE) return { kind: 'corrupt', reason: `bad magic code at ${position}` };
  if (totalSize < STORED_MESSAGE_FIXED_BYTES || position + totalSize > file.length) {
    return { kind: 'corrupt', reason: `record size ${totalSize} does not fit` };
  }
  return { kind: 'message', totalSize };
}

/** The 8-byte BLANK record that pads a commitlog file whose last `remainingBytes` cannot take a record. */
export function encodeBlankRecord(remainingBytes: number): Buffer {
  if (remainingBytes < BLANK_RECORD_MIN_BYTES) {
    throw new RangeError(`a BLANK record needs ${BLANK_RECORD_MIN_BYTES} bytes, ${remainingBytes} left`);
  }
  const out = Buffer.alloc(BLANK_RECORD_MIN_BYTES);
  out.writeInt32BE(remainingBytes, 0);
  out.writeInt32BE(BLANK_MAGIC_CODE, 4);
  return out;
}
