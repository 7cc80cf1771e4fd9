/**
 * RocketMQ's DefaultMessageStore.getMessage decision table over one consume queue (protocol.md §2.3
 * "Pull", "Broker mapping"): boundary statuses first (no queue, empty, too small, overflow one /
 * badly), then a scan of at most max(800, maxMsgNums) entries, never past the end of the queue
 * file holding `offset`, that filters by tagsCode, reads records and stops at the transfer limits
 * (in memory: 32 msgs / 256 KiB, on disk: 8 / 64 KiB). nextBeginOffset = offset + entries scanned.
 */
import { GetMessageResult, GetMessageStatus, MessageFilter } from '../message-store';
import { MessageStoreConfig } from '../store-config';
import { ConsumeQueue } from './consume-queue';
import { ConsumeQueueEntry } from './consume-queue-entry';

/** RocketMQ scans at most max(16000 bytes, maxMsgNums entries) of a consume queue per pull. */
const MAX_FILTER_ENTRIES_MIN = 16000 / 20;

export type GetMessageLimits = Pick<
  MessageStoreConfig,
  | 'maxTransferBytesOnMessageInMemory'
  | 'maxTransferCountOnMessageInMemory'
  | 'maxTransferBytesOnMessageInDisk'
  | 'maxTransferCountOnMessageInDisk'
>;

/** true when the record at commitLogOffset is "on disk" (outside the hot part of the log). */
export type InDiskCheck = (commitLogOffset: number, maxPhyOffset: number) => boolean;

/** The part of a ConsumeQueue that a pull reads. */
export type GetMessageQueue = Pick<
  ConsumeQueue,
  'minOffsetInQueue' | 'maxOffsetInQueue' | 'getEntries' | 'rollNextFile'
>;

export interface GetMessageSource {
  /** The queue, or undefined when the topic/queueId has none. */
  readonly consumeQueue: GetMessageQueue | undefined;
  /** The whole record at a commit-log offset; undefined once it is no longer in the commit log. */
  readRecord(commitLogOffset: number, size: number): Buffer | undefined;
  /** The commit log's max offset. */
  readonly maxPhyOffset: number;
  /** Start of the commit-log file after the one holding `commitLogOffset`. */
  rollNextFile(commitLogOffset: number): number;
  readonly isInDisk: InDiskCheck;
  readonly limits: GetMessageLimits;
  /** false on a slave without offsetCheckInSlave: nextBeginOffset then stays the requested offset. */
  readonly correctOffsets?: boolean;
}

/** RocketMQ's test: older than accessMessageInMemoryMaxRatio % of physical memory behind the log's end. */
export function inDiskByMemoryRatio(
  totalPhysicalMemoryBytes: number,
  accessMessageInMemoryMaxRatio: number,
): InDiskCheck {
  const memoryBytes = Math.floor(totalPhysicalMemoryBytes * (accessMessageInMemoryMaxRatio / 100));
  return (commitLogOffset, maxPhyOffset) => maxPhyOffset - commitLogOffset > memoryBytes;
}

export function getMessageFromQueue(
  source: GetMessageSource,
  offset: number,
  maxMsgNums: number,
  filter?: MessageFilter,
): GetMessageResult {
  const correct = (corrected: number): number => (source.correctOffsets === false ? offset : corrected);
  const queue = source.consumeQueue;
  if (!queue) return emptyResult('NO_MATCHED_LOGIC_QUEUE', correct(0), 0, 0);
  const minOffset = queue.minOffsetInQueue();
  const maxOffset = queue.maxOffsetInQueue();
  if (maxOffset === 0) return emptyResult('NO_MESSAGE_IN_QUEUE', correct(0), minOffset, maxOffset);
  if (offset < minOffset) return emptyResult('OFFSET_TOO_SMALL', correct(minOffset), minOffset, maxOffset);
  if (offset === maxOffset) return emptyResult('OFFSET_OVERFLOW_ONE', correct(offset), minOffset, maxOffset);
  if (offset > maxOffset)
    return emptyResult('OFFSET_OVERFLOW_BADLY', correct(maxOffset), minOffset, maxOffset);
  const entries = queue.getEntries(offset, Math.max(MAX_FILTER_ENTRIES_MIN, maxMsgNums));
  if (!entries) {
    return emptyResult('OFFSET_FOUND_NULL', correct(queue.rollNextFile(offset)), minOffset, maxOffset);
  }
  const scan = scanEntries(source, entries, maxMsgNums, filter);
  return {
    status: scan.status,
    nextBeginOffset: offset + scan.scannedEntries,
    minOffset,
    maxOffset,
    messages: scan.messages,
    queueOffsets: scan.queueOffsets,
    suggestPullingFromSlave: source.isInDisk(scan.maxPhyOffsetPulling, source.maxPhyOffset),
  };
}

interface ScanResult {
  status: GetMessageStatus;
  scannedEntries: number;
  messages: Buffer[];
  queueOffsets: number[];
  maxPhyOffsetPulling: number;
}

function scanEntries(
  source: GetMessageSource,
  entries: readonly ConsumeQueueEntry[],
  maxMsgNums: number,
  filter: MessageFilter | undefined,
): ScanResult {
  const result: ScanResult = {
    status: 'NO_MATCHED_MESSAGE',
    scannedEntries: 0,
    messages: [],
    queueOffsets: [],
    maxPhyOffsetPulling: 0,
  };
  let totalBytes = 0;
  let nextPhyFileStart = Number.NEGATIVE_INFINITY;
  for (const entry of entries) {
    result.maxPhyOffsetPulling = entry.commitLogOffset;
    if (entry.commitLogOffset < nextPhyFileStart) {
      result.scannedEntries += 1;
      continue;
    }
    const inDisk = source.isInDisk(entry.commitLogOffset, source.maxPhyOffset);
    if (isBatchFull(source.limits, entry.size, maxMsgNums, totalBytes, result.messages.length, inDisk)) break;
    result.scannedEntries += 1;
    if (filter && !filter.isMatchedByConsumeQueue(entry.tagsCode)) {
      if (totalBytes === 0) result.status = 'NO_MATCHED_MESSAGE';
      continue;
    }
    const record = source.readRecord(entry.commitLogOffset, entry.size);
    if (!record) {
      if (totalBytes === 0) result.status = 'MESSAGE_WAS_REMOVING';
      nextPhyFileStart = source.rollNextFile(entry.commitLogOffset);
      continue;
    }
    result.messages.push(record);
    result.queueOffsets.push(entry.queueOffset);
    totalBytes += record.length;
    result.status = 'FOUND';
    nextPhyFileStart = Number.NEGATIVE_INFINITY;
  }
  return result;
}

/** RocketMQ's isTheBatchFull: never before the first message; then count and byte limits. */
function isBatchFull(
  limits: GetMessageLimits,
  sizeBytes: number,
  maxMsgNums: number,
  totalBytes: number,
  count: number,
  inDisk: boolean,
): boolean {
  if (totalBytes === 0 || count === 0) return false;
  if (count >= maxMsgNums) return true;
  const maxBytes = inDisk ? limits.maxTransferBytesOnMessageInDisk : limits.maxTransferBytesOnMessageInMemory;
  const maxCount = inDisk ? limits.maxTransferCountOnMessageInDisk : limits.maxTransferCountOnMessageInMemory;
  return totalBytes + sizeBytes > maxBytes || count > maxCount - 1;
}

function emptyResult(
  status: GetMessageStatus,
  nextBeginOffset: number,
  minOffset: number,
  maxOffset: number,
): GetMessageResult {
  return {
    status,
    nextBeginOffset,
    minOffset,
    maxOffset,
    messages: [],
    queueOffsets: [],
    suggestPullingFromSlave: false,
  };
}
