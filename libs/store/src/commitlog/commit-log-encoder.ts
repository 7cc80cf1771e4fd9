/**
 * Checks messages against RocketMQ's limits and sizes their records before anything is written, then
 * encodes them straight into the commit log's write buffer (record-encoder.ts). A refusal is a
 * PutMessageResult, never an exception; the limits themselves are in put-message-checks.ts. Each
 * message becomes one PreparedRecord, which then also carries its placement (offset, queue offset,
 * store time) and is what the commit listener receives: one object per record on the append path.
 */
import {
  BLANK_MAGIC_CODE,
  BLANK_RECORD_MIN_BYTES,
  hostToBytes,
  IPV6_BYTES,
  MessageSysFlag,
  STORED_MESSAGE_FIXED_BYTES,
} from '@rmq/protocol';
import type { MessageToStore, PutMessageResult, PutMessageStatus } from '../message-store';
import { checkPutMessages, checkSizedPutMessage } from '../put-message-checks';
import type { AppendedRecord } from './commit-log-options';
import { EncodableRecord, encodeRecordInto } from './record-encoder';

// Hot path: bound once, so each call skips the getters CommonJS emits for `export *`.
const hostBytesOf = hostToBytes;
const V6_BYTES = IPV6_BYTES;
const FIXED_BYTES = STORED_MESSAGE_FIXED_BYTES;
const BLANK_MIN_BYTES = BLANK_RECORD_MIN_BYTES;
const BORNHOST_V6 = MessageSysFlag.BORNHOST_V6_FLAG;
const STOREHOST_V6 = MessageSysFlag.STOREHOSTADDRESS_V6_FLAG;
const PREPARED = MessageSysFlag.TRANSACTION_PREPARED_TYPE;
const ROLLBACK = MessageSysFlag.TRANSACTION_ROLLBACK_TYPE;
const TRANSACTION_MASK = MessageSysFlag.TRANSACTION_ROLLBACK_TYPE;
/** An IPv6 host takes this many more bytes than an IPv4 one. */
const V6_EXTRA_BYTES = 12;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

/** A checked, sized message; the commit log fills in its placement when it appends it. */
export class PreparedRecord implements EncodableRecord, AppendedRecord {
  offset = 0;
  queueOffset = 0;
  storeTimestamp = 0;

  constructor(
    readonly msg: MessageToStore,
    readonly size: number,
    readonly sysFlag: number,
    readonly topicBytes: number,
    readonly propertiesBytes: number,
    readonly bornHostBytes: Uint8Array,
    readonly storeHostBytes: Uint8Array,
    /** PREPARED or ROLLBACK: stored with queue offset 0, never advances the topic-queue table. */
    readonly outsideQueue: boolean,
  ) {}
}

export type PrepareOutcome =
  | { readonly ok: true; readonly records: PreparedRecord[]; readonly totalBytes: number }
  | { readonly ok: false; readonly result: PutMessageResult };

export interface RecordLimits {
  readonly maxMessageSize: number;
  readonly mappedFileSize: number;
}

function refuse(status: PutMessageStatus, remark: string): PutMessageResult {
  return { status, remark };
}

/** PREPARED (0x4) and ROLLBACK (0xC) records get queue offset 0 and are not queued. */
export function isOutsideQueue(sysFlag: number): boolean {
  const type = sysFlag & TRANSACTION_MASK;
  return type === PREPARED || type === ROLLBACK;
}

function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX;
}

/** The int fields a record stores, in range: the encoder writes them without checking. */
function fieldRefusal(msg: MessageToStore): PutMessageResult | undefined {
  if (
    isInt32(msg.queueId) &&
    isInt32(msg.flag) &&
    isInt32(msg.sysFlag) &&
    isInt32(msg.reconsumeTimes) &&
    isInt32(msg.bornHost.port) &&
    isInt32(msg.storeHost.port) &&
    Number.isSafeInteger(msg.bornTimestamp) &&
    Number.isSafeInteger(msg.preparedTransactionOffset)
  ) {
    return undefined;
  }
  return refuse('MESSAGE_ILLEGAL', 'an int field of the message is out of range');
}

/**
 * Checks (put-message-checks.ts: RocketMQ's limits, shared with the memory store) and sizes one
 * message; a refusal comes back as a PutMessageResult.
 */
export function prepareRecord(
  msg: MessageToStore,
  maxMessageSize: number,
): PreparedRecord | PutMessageResult {
  const topicBytes = Buffer.byteLength(msg.topic, 'utf8');
  const propertiesBytes = Buffer.byteLength(msg.propertiesString, 'utf8');
  const refused = checkSizedPutMessage(msg, topicBytes, propertiesBytes, maxMessageSize) ?? fieldRefusal(msg);
  if (refused !== undefined) return refused;
  let bornHostBytes: Uint8Array;
  let storeHostBytes: Uint8Array;
  try {
    bornHostBytes = hostBytesOf(msg.bornHost.host);
    storeHostBytes = hostBytesOf(msg.storeHost.host);
  } catch (err) {
    return refuse('MESSAGE_ILLEGAL', `bad host address: ${(err as Error).message}`);
  }
  let sysFlag = msg.sysFlag & ~(BORNHOST_V6 | STOREHOST_V6);
  let size = FIXED_BYTES + msg.body.length + topicBytes + propertiesBytes;
  if (bornHostBytes.length === V6_BYTES) {
    sysFlag |= BORNHOST_V6;
    size += V6_EXTRA_BYTES;
  }
  if (storeHostBytes.length === V6_BYTES) {
    sysFlag |= STOREHOST_V6;
    size += V6_EXTRA_BYTES;
  }
  const outside = isOutsideQueue(msg.sysFlag);
  return new PreparedRecord(
    msg,
    size,
    sysFlag,
    topicBytes,
    propertiesBytes,
    bornHostBytes,
    storeHostBytes,
    outside,
  );
}

/** A single record must fit an empty file with room for a BLANK after it. */
export function oversizeRefusal(totalBytes: number, mappedFileSize: number): PutMessageResult | undefined {
  if (totalBytes + BLANK_MIN_BYTES <= mappedFileSize) return undefined;
  return refuse('MESSAGE_ILLEGAL', `${totalBytes} bytes can never fit a ${mappedFileSize}-byte file`);
}

/**
 * Checks and sizes a batch; it must also fit one file as a whole, since it is written contiguously.
 */
export function prepareRecords(msgs: readonly MessageToStore[], limits: RecordLimits): PrepareOutcome {
  const refused = checkPutMessages(msgs, limits.maxMessageSize);
  if (refused) return { ok: false, result: refused };
  const records: PreparedRecord[] = [];
  let totalBytes = 0;
  for (const msg of msgs) {
    const prepared = prepareRecord(msg, limits.maxMessageSize);
    if (!(prepared instanceof PreparedRecord)) return { ok: false, result: prepared };
    records.push(prepared);
    totalBytes += prepared.size;
  }
  const oversize = oversizeRefusal(totalBytes, limits.mappedFileSize);
  if (oversize) return { ok: false, result: oversize };
  return { ok: true, records, totalBytes };
}

/** Encodes placed records back to back at `offset` of `target`. */
export function encodeRecordsInto(target: Buffer, offset: number, records: readonly PreparedRecord[]): void {
  let at = offset;
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as PreparedRecord;
    encodeRecordInto(target, at, record);
    at += record.size;
  }
}

/** The BLANK record that fills the last `remainingBytes` of a file: header, then zeros. */
export function encodeBlankInto(target: Buffer, offset: number, remainingBytes: number): void {
  target.writeInt32BE(remainingBytes, offset);
  target.writeInt32BE(BLANK_MAGIC_CODE, offset + 4);
  target.fill(0, offset + BLANK_MIN_BYTES, offset + remainingBytes);
}
