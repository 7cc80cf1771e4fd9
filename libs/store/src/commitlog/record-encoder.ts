/**
 * The commit log's own record encoder: the stored-message layout of @rmq/protocol's
 * encodeStoredMessageInto (protocol.md §3.1), byte for byte, for records already checked and sized
 * (commit-log-encoder.ts). It skips what that encoder re-derives per call (UTF-8 lengths, host
 * families, range checks) and writes through a DataView kept per target buffer, because the append
 * path runs once per message on the event loop. Big-endian, IPv4 hosts shown:
 *
 *   0  TOTALSIZE int32   20 QUEUEOFFSET int64     48 BORNHOST 4+4    72 RECONSUMETIMES int32
 *   4  MAGICCODE int32   28 PHYSICALOFFSET int64  56 STORETIMESTAMP  76 PREPAREDTRANSACTIONOFFSET
 *   8  BODYCRC int32     36 SYSFLAG int32         64 STOREHOST 4+4   84 BODYLENGTH int32 + BODY
 *  12  QUEUEID int32     40 BORNTIMESTAMP int64      TOPICLENGTH int8 + TOPIC
 *  16  FLAG int32                                    PROPERTIESLENGTH int16 + PROPERTIES
 *
 * stored-message-encoder.spec.ts pins the output to encodeStoredMessage's for the same message.
 */
import { MESSAGE_MAGIC_CODE, rocketmqCrc32 } from '@rmq/protocol';
import type { MessageToStore } from '../message-store';

// Hot path: bound once, so each call skips the getters CommonJS emits for `export *`.
const bodyCrc = rocketmqCrc32;
const MAGIC = MESSAGE_MAGIC_CODE;
const TWO_POW_32 = 2 ** 32;
/** Strings up to this many chars are copied by a JS loop when ASCII (cheaper than a native call). */
const SHORT_ASCII_CHARS = 64;

/** Everything the encoder needs besides the message, decided before a byte is written. */
export interface EncodableRecord {
  readonly msg: MessageToStore;
  /** TOTALSIZE. */
  readonly size: number;
  /** The message's sysFlag with the host-family bits set. */
  readonly sysFlag: number;
  readonly topicBytes: number;
  readonly propertiesBytes: number;
  readonly bornHostBytes: Uint8Array;
  readonly storeHostBytes: Uint8Array;
  /** Commit-log offset of the record (PHYSICALOFFSET). */
  readonly offset: number;
  readonly queueOffset: number;
  readonly storeTimestamp: number;
}

let viewTarget: Buffer | undefined;
let view: DataView = new DataView(new ArrayBuffer(0));

/** One DataView per target: the commit log writes into the same buffer for its whole life. */
function viewOf(target: Buffer): DataView {
  if (target !== viewTarget) {
    view = new DataView(target.buffer, target.byteOffset, target.byteLength);
    viewTarget = target;
  }
  return view;
}

function setInt64(v: DataView, at: number, value: number): void {
  const high = Math.floor(value / TWO_POW_32);
  v.setInt32(at, high);
  v.setUint32(at + 4, value - high * TWO_POW_32);
}

function writeText(target: Buffer, at: number, text: string, bytes: number): void {
  // Equal lengths mean every char is ASCII (anything else takes 2+ UTF-8 bytes per UTF-16 unit).
  if (bytes === text.length && bytes <= SHORT_ASCII_CHARS) {
    for (let i = 0; i < bytes; i++) target[at + i] = text.charCodeAt(i);
  } else if (bytes > 0) {
    target.write(text, at, bytes, 'utf8');
  }
}

function writeHost(target: Buffer, v: DataView, at: number, host: Uint8Array, port: number): number {
  target.set(host, at);
  v.setInt32(at + host.length, port);
  return at + host.length + 4;
}

/** Writes `record` at `at` of `target`; the caller made sure `record.size` bytes fit there. */
export function encodeRecordInto(target: Buffer, at: number, record: EncodableRecord): void {
  const v = viewOf(target);
  const msg = record.msg;
  const body = msg.body;
  v.setInt32(at, record.size);
  v.setInt32(at + 4, MAGIC);
  v.setInt32(at + 8, bodyCrc(body));
  v.setInt32(at + 12, msg.queueId);
  v.setInt32(at + 16, msg.flag);
  setInt64(v, at + 20, record.queueOffset);
  setInt64(v, at + 28, record.offset);
  v.setInt32(at + 36, record.sysFlag);
  setInt64(v, at + 40, msg.bornTimestamp);
  let pos = writeHost(target, v, at + 48, record.bornHostBytes, msg.bornHost.port);
  setInt64(v, pos, record.storeTimestamp);
  pos = writeHost(target, v, pos + 8, record.storeHostBytes, msg.storeHost.port);
  v.setInt32(pos, msg.reconsumeTimes);
  setInt64(v, pos + 4, msg.preparedTransactionOffset);
  v.setInt32(pos + 12, body.length);
  target.set(body, pos + 16);
  pos += 16 + body.length;
  target[pos] = record.topicBytes;
  writeText(target, pos + 1, msg.topic, record.topicBytes);
  pos += 1 + record.topicBytes;
  v.setInt16(pos, record.propertiesBytes);
  writeText(target, pos + 2, msg.propertiesString, record.propertiesBytes);
}
