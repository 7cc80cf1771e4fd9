/**
 * The 40-byte header of an index file (protocol.md §4.3), big-endian:
 *
 *   0  beginTimestamp int64   store time (ms) of the first indexed record
 *   8  endTimestamp   int64   store time (ms) of the last indexed record
 *  16  beginPhyOffset int64   commit-log offset of the first indexed record
 *  24  endPhyOffset   int64   commit-log offset of the last indexed record
 *  32  hashSlotCount  int32   slots that went from empty to used
 *  36  indexCount     int32   next entry number; starts at 1, so entry 0 is never used
 *
 * A new file after a full one starts with begin = end = the previous file's end values.
 */
export const INDEX_HEADER_BYTES = 40;

export interface IndexHeader {
  beginTimestamp: number;
  endTimestamp: number;
  beginPhyOffset: number;
  endPhyOffset: number;
  hashSlotCount: number;
  indexCount: number;
}

export function newIndexHeader(prevEndPhyOffset: number, prevEndTimestamp: number): IndexHeader {
  const phy = prevEndPhyOffset > 0 ? prevEndPhyOffset : 0;
  const time = prevEndTimestamp > 0 ? prevEndTimestamp : 0;
  return {
    beginTimestamp: time,
    endTimestamp: time,
    beginPhyOffset: phy,
    endPhyOffset: phy,
    hashSlotCount: 0,
    indexCount: 1,
  };
}

export function encodeIndexHeader(header: IndexHeader): Buffer {
  const out = Buffer.alloc(INDEX_HEADER_BYTES);
  out.writeBigInt64BE(BigInt(header.beginTimestamp), 0);
  out.writeBigInt64BE(BigInt(header.endTimestamp), 8);
  out.writeBigInt64BE(BigInt(header.beginPhyOffset), 16);
  out.writeBigInt64BE(BigInt(header.endPhyOffset), 24);
  out.writeInt32BE(header.hashSlotCount, 32);
  out.writeInt32BE(header.indexCount, 36);
  return out;
}

/** As RocketMQ's IndexHeader.load: an indexCount ≤ 0 (a zeroed header) reads as 1. */
export function decodeIndexHeader(bytes: Buffer): IndexHeader {
  if (bytes.length < INDEX_HEADER_BYTES)
    throw new RangeError(`index header needs 40 bytes, got ${bytes.length}`);
  const indexCount = bytes.readInt32BE(36);
  return {
    beginTimestamp: Number(bytes.readBigInt64BE(0)),
    endTimestamp: Number(bytes.readBigInt64BE(8)),
    beginPhyOffset: Number(bytes.readBigInt64BE(16)),
    endPhyOffset: Number(bytes.readBigInt64BE(24)),
    hashSlotCount: bytes.readInt32BE(32),
    indexCount: indexCount <= 0 ? 1 : indexCount,
  };
}
