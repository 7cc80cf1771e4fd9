/**
 * Checks messages against RocketMQ's limits and sizes their records before anything is written, then
 * encodes them straight into the commit log's write buffer. A refusal is a PutMessageResult, never an
 * exception; the limits themselves are in put-message-checks.ts.
 */
import {
  BLANK_MAGIC_CODE,
  BLANK_RECORD_MIN_BYTES,
  encodeStoredMessageInto,
  getTransactionValue,
  MessageSysFlag,
  storedMessageSize,
  withHostFamilyFlags,
} from '@rmq/protocol';
import type { MessageToStore, PutMessageResult, PutMessageStatus } from '../message-store';
import { checkPutMessage, checkPutMessages } from '../put-message-checks';

// Hot path: bound once, so each call skips the getters CommonJS emits for `export *`.
const encodeRecordInto = encodeStoredMessageInto;
const hostFamilyFlags = withHostFamilyFlags;
const recordSize = storedMessageSize;

export interface PreparedRecord {
  readonly msg: MessageToStore;
  readonly size: number;
  /** PREPARED or ROLLBACK: stored with queue offset 0, never advances the topic-queue table. */
  readonly outsideQueue: boolean;
}

export type PrepareOutcome =
  | { readonly ok: true; readonly records: PreparedRecord[]; readonly totalBytes: number }
  | { readonly ok: false; readonly result: PutMessageResult };

export interface RecordLimits {
  readonly maxMessageSize: number;
  readonly mappedFileSize: number;
}

function refuse(status: PutMessageStatus, remark: string): PrepareOutcome {
  return { ok: false, result: { status, remark } };
}

/** PREPARED (0x4) and ROLLBACK (0xC) records get queue offset 0 and are not queued. */
export function isOutsideQueue(sysFlag: number): boolean {
  const type = getTransactionValue(sysFlag);
  return (
    type === MessageSysFlag.TRANSACTION_PREPARED_TYPE || type === MessageSysFlag.TRANSACTION_ROLLBACK_TYPE
  );
}

function prepareOne(msg: MessageToStore): PreparedRecord | PrepareOutcome {
  let sysFlag: number;
  try {
    sysFlag = hostFamilyFlags(msg.sysFlag, msg.bornHost, msg.storeHost);
  } catch (err) {
    return refuse('MESSAGE_ILLEGAL', `bad host address: ${(err as Error).message}`);
  }
  const topicBytes = Buffer.byteLength(msg.topic, 'utf8');
  const propertiesBytes = Buffer.byteLength(msg.propertiesString, 'utf8');
  const size = recordSize(msg.body.length, topicBytes, propertiesBytes, sysFlag);
  return { msg, size, outsideQueue: isOutsideQueue(msg.sysFlag) };
}

/**
 * Validates (put-message-checks.ts: RocketMQ's limits, shared with the memory store) and sizes one
 * message or a batch; a batch must also fit one file as a whole, since it is written contiguously.
 */
export function prepareRecords(
  msgs: readonly MessageToStore[],
  limits: RecordLimits,
  batch: boolean,
): PrepareOutcome {
  const refused = batch
    ? checkPutMessages(msgs, limits.maxMessageSize)
    : checkOne(msgs, limits.maxMessageSize);
  if (refused) return { ok: false, result: refused };
  const records: PreparedRecord[] = [];
  let totalBytes = 0;
  for (const msg of msgs) {
    const prepared = prepareOne(msg);
    if ('ok' in prepared) return prepared;
    records.push(prepared);
    totalBytes += prepared.size;
  }
  if (totalBytes + BLANK_RECORD_MIN_BYTES > limits.mappedFileSize) {
    return refuse(
      'MESSAGE_ILLEGAL',
      `${totalBytes} bytes can never fit a ${limits.mappedFileSize}-byte file`,
    );
  }
  return { ok: true, records, totalBytes };
}

function checkOne(msgs: readonly MessageToStore[], maxMessageSize: number): PutMessageResult | undefined {
  const msg = msgs[0];
  return msg === undefined
    ? { status: 'MESSAGE_ILLEGAL', remark: 'no message' }
    : checkPutMessage(msg, maxMessageSize);
}

export interface RecordPlacement {
  /** Commit-log offset of the first record. */
  readonly physicalOffset: number;
  readonly storeTimestamp: number;
  /** Queue offset of each record (0 for records outside the queue). */
  readonly queueOffsets: readonly number[];
}

/** Encodes prepared records back to back at `offset` of `target`; returns the bytes written. */
export function encodeRecordsInto(
  target: Buffer,
  offset: number,
  records: readonly PreparedRecord[],
  placement: RecordPlacement,
): number {
  let at = offset;
  records.forEach((record, i) => {
    const { msg } = record;
    const written = encodeRecordInto(target, at, {
      queueId: msg.queueId,
      flag: msg.flag,
      queueOffset: placement.queueOffsets[i] ?? 0,
      physicalOffset: placement.physicalOffset + (at - offset),
      sysFlag: msg.sysFlag,
      bornTimestamp: msg.bornTimestamp,
      bornHost: msg.bornHost,
      storeTimestamp: placement.storeTimestamp,
      storeHost: msg.storeHost,
      reconsumeTimes: msg.reconsumeTimes,
      preparedTransactionOffset: msg.preparedTransactionOffset,
      body: msg.body,
      topic: msg.topic,
      propertiesString: msg.propertiesString,
    });
    if (written !== record.size) throw new Error(`record sized ${record.size} encoded to ${written} bytes`);
    at += written;
  });
  return at - offset;
}

/** The BLANK record that fills the last `remainingBytes` of a file: header, then zeros. */
export function encodeBlankInto(target: Buffer, offset: number, remainingBytes: number): void {
  target.writeInt32BE(remainingBytes, offset);
  target.writeInt32BE(BLANK_MAGIC_CODE, offset + 4);
  target.fill(0, offset + BLANK_RECORD_MIN_BYTES, offset + remainingBytes);
}
