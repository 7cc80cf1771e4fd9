/**
 * Checks messages against RocketMQ's limits and sizes their records before anything is written, then
 * encodes them straight into the commit log's write buffer. A refusal is a PutMessageResult, never an
 * exception: topic > 127 bytes or record > maxMessageSize → MESSAGE_ILLEGAL, properties > 32767 bytes
 * → PROPERTIES_SIZE_EXCEEDED (CommitLog.putMessage / checkMessage in RocketMQ).
 */
import {
  BLANK_MAGIC_CODE,
  BLANK_RECORD_MIN_BYTES,
  encodeStoredMessageInto,
  getTransactionValue,
  MessageSysFlag,
  PROPERTIES_BYTES_MAX,
  storedMessageSize,
  TOPIC_BYTES_MAX,
  withHostFamilyFlags,
} from '@rmq/protocol';
import type { MessageToStore, PutMessageResult, PutMessageStatus } from '../message-store';

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

function prepareOne(msg: MessageToStore, limits: RecordLimits): PreparedRecord | PrepareOutcome {
  const topicBytes = Buffer.byteLength(msg.topic, 'utf8');
  if (topicBytes > TOPIC_BYTES_MAX)
    return refuse('MESSAGE_ILLEGAL', `topic of ${topicBytes} bytes exceeds 127`);
  const propertiesBytes = Buffer.byteLength(msg.propertiesString, 'utf8');
  if (propertiesBytes > PROPERTIES_BYTES_MAX) {
    return refuse('PROPERTIES_SIZE_EXCEEDED', `properties of ${propertiesBytes} bytes exceed 32767`);
  }
  let sysFlag: number;
  try {
    sysFlag = withHostFamilyFlags(msg.sysFlag, msg.bornHost, msg.storeHost);
  } catch (err) {
    return refuse('MESSAGE_ILLEGAL', `bad host address: ${(err as Error).message}`);
  }
  const size = storedMessageSize(msg.body.length, topicBytes, propertiesBytes, sysFlag);
  if (size > limits.maxMessageSize) {
    return refuse(
      'MESSAGE_ILLEGAL',
      `record of ${size} bytes exceeds maxMessageSize ${limits.maxMessageSize}`,
    );
  }
  return { msg, size, outsideQueue: isOutsideQueue(msg.sysFlag) };
}

/**
 * Validates and sizes one message or a batch. A batch must be one topic and queue, hold no
 * transactional records, and fit maxMessageSize and one file as a whole (it is written contiguously).
 */
export function prepareRecords(
  msgs: readonly MessageToStore[],
  limits: RecordLimits,
  batch: boolean,
): PrepareOutcome {
  const first = msgs[0];
  if (first === undefined) return refuse('MESSAGE_ILLEGAL', 'empty batch');
  const records: PreparedRecord[] = [];
  let totalBytes = 0;
  for (const msg of msgs) {
    if (batch && (msg.topic !== first.topic || msg.queueId !== first.queueId)) {
      return refuse('MESSAGE_ILLEGAL', 'a batch must go to one topic and queue');
    }
    if (batch && getTransactionValue(msg.sysFlag) !== MessageSysFlag.TRANSACTION_NOT_TYPE) {
      return refuse('MESSAGE_ILLEGAL', 'a batch may not hold transactional messages');
    }
    const prepared = prepareOne(msg, limits);
    if ('ok' in prepared) return prepared;
    records.push(prepared);
    totalBytes += prepared.size;
  }
  if (batch && totalBytes > limits.maxMessageSize) {
    return refuse(
      'MESSAGE_ILLEGAL',
      `batch of ${totalBytes} bytes exceeds maxMessageSize ${limits.maxMessageSize}`,
    );
  }
  if (totalBytes + BLANK_RECORD_MIN_BYTES > limits.mappedFileSize) {
    return refuse(
      'MESSAGE_ILLEGAL',
      `${totalBytes} bytes can never fit a ${limits.mappedFileSize}-byte file`,
    );
  }
  return { ok: true, records, totalBytes };
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
    const written = encodeStoredMessageInto(target, at, {
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
