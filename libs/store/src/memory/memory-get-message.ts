/**
 * getMessage over an in-memory queue, with RocketMQ 4.9.7's answer table
 * (DefaultMessageStore.getMessage, protocol.md §2.3 "Pull"), as a master answers (nextBeginOffset
 * always corrected):
 *
 *   queue missing, or maxOffset == 0   NO_MESSAGE_IN_QUEUE     nextBeginOffset 0
 *   offset < minOffset                 OFFSET_TOO_SMALL        minOffset
 *   offset == maxOffset                OFFSET_OVERFLOW_ONE     offset
 *   offset > maxOffset                 OFFSET_OVERFLOW_BADLY   maxOffset
 *   entries scanned, some matched      FOUND                   offset + entries scanned
 *   entries scanned, none matched      NO_MATCHED_MESSAGE      offset + entries scanned
 *
 * The scan takes at most max(800, maxMsgNums) entries (RocketMQ's 16 000-byte window) and stops
 * before the entry that would overfill the batch: maxMsgNums messages, or the in-memory transfer
 * limits (count, bytes). The first matching message is always taken. File boundaries that cut a
 * RocketMQ scan short do not exist here.
 */
import type { GetMessageResult, GetMessageStatus, MessageFilter } from '../message-store';
import type { MemoryConsumeQueue } from './memory-consume-queue';

/** RocketMQ scans at most 16 000 bytes of consume queue (800 entries) per getMessage. */
export const SCAN_WINDOW_ENTRIES_MIN = 800;

export interface TransferLimits {
  /** maxTransferCountOnMessageInMemory (32). */
  readonly maxTransferCount: number;
  /** maxTransferBytesOnMessageInMemory (256 KiB). */
  readonly maxTransferBytes: number;
}

export interface ScanRequest {
  readonly offset: number;
  readonly maxMsgNums: number;
  readonly filter?: MessageFilter;
}

/** Answers a pull from `queue` (undefined: no such queue); `recordAt` reads the commit log. */
export function getMessageFromQueue(
  queue: MemoryConsumeQueue | undefined,
  request: ScanRequest,
  limits: TransferLimits,
  recordAt: (commitLogOffset: number) => Buffer | undefined,
): GetMessageResult {
  const minOffset = queue?.minOffset() ?? 0;
  const maxOffset = queue?.maxOffset() ?? 0;
  const answer = (status: GetMessageStatus, nextBeginOffset: number): GetMessageResult => ({
    status,
    nextBeginOffset,
    minOffset,
    maxOffset,
    messages: [],
    queueOffsets: [],
    suggestPullingFromSlave: false,
  });
  const { offset } = request;
  if (queue === undefined || maxOffset === 0) return answer('NO_MESSAGE_IN_QUEUE', 0);
  if (offset < minOffset) return answer('OFFSET_TOO_SMALL', minOffset);
  if (offset === maxOffset) return answer('OFFSET_OVERFLOW_ONE', offset);
  if (offset > maxOffset) return answer('OFFSET_OVERFLOW_BADLY', maxOffset);
  return scan(queue, request, limits, recordAt, answer('NO_MATCHED_MESSAGE', offset));
}

function scan(
  queue: MemoryConsumeQueue,
  request: ScanRequest,
  limits: TransferLimits,
  recordAt: (commitLogOffset: number) => Buffer | undefined,
  result: GetMessageResult,
): GetMessageResult {
  const { offset, maxMsgNums, filter } = request;
  const window = Math.min(queue.maxOffset() - offset, Math.max(SCAN_WINDOW_ENTRIES_MIN, maxMsgNums));
  let bytes = 0;
  let i = 0;
  for (; i < window; i += 1) {
    const entry = queue.entryAt(offset + i);
    if (entry === undefined) break;
    if (isBatchFull(entry.size, maxMsgNums, bytes, result.messages.length, limits)) break;
    if (filter !== undefined && !filter.isMatchedByConsumeQueue(entry.tagsCode)) continue;
    const record = recordAt(entry.commitLogOffset);
    if (record === undefined) {
      if (result.messages.length === 0) result.status = 'MESSAGE_WAS_REMOVING';
      continue;
    }
    result.messages.push(record);
    result.queueOffsets.push(offset + i);
    bytes += record.length;
    result.status = 'FOUND';
  }
  result.nextBeginOffset = offset + i;
  return result;
}

/** DefaultMessageStore.isTheBatchFull for data in memory. */
function isBatchFull(
  nextBytes: number,
  maxMsgNums: number,
  bytesTaken: number,
  messagesTaken: number,
  limits: TransferLimits,
): boolean {
  if (bytesTaken === 0 || messagesTaken === 0) return false;
  if (maxMsgNums <= messagesTaken) return true;
  if (bytesTaken + nextBytes > limits.maxTransferBytes) return true;
  return messagesTaken > limits.maxTransferCount - 1;
}
