/**
 * RocketMQ's checksum (UtilAll.crc32): java.util.zip.CRC32 of the bytes, masked to a non-negative
 * int with `& 0x7FFFFFFF`. Used for stored-message BODYCRC and REGISTER_BROKER bodyCrc32.
 */
import { crc32 } from 'node:zlib';

export function rocketmqCrc32(bytes: Uint8Array): number {
  return crc32(bytes) & 0x7fffffff;
}
