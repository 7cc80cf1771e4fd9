/**
 * Walks committed commit-log bytes record by record for dispatch, recovery checks and replication.
 * Reads never pass a file's committed position (bytes the OS has), so a reader never sees a record
 * whose put may still fail. A BLANK record sends the walk to the next file's start; zeros or a bad
 * header end it. Records are views into one read chunk of at most READ_CHUNK_BYTES_MAX.
 */
import {
  BLANK_MAGIC_CODE,
  BLANK_RECORD_MIN_BYTES,
  MESSAGE_MAGIC_CODE,
  STORED_MESSAGE_FIXED_BYTES,
} from '@rmq/protocol';
import { MappedFile } from '../mapped-file/mapped-file';
import { MappedFileQueue } from '../mapped-file/mapped-file-queue';
import type { CommitLogRecord } from './commit-log-options';

/** Upper bound of one read while walking records (a record larger than this is read on its own). */
export const READ_CHUNK_BYTES_MAX = 4 * 1024 * 1024;

/** Committed bytes of the file holding `offset`, from `offset`, at most `maxBytes`; undefined if none. */
export function readCommitted(queue: MappedFileQueue, offset: number, maxBytes: number): Buffer | undefined {
  const file = queue.findByOffset(offset);
  if (!file || maxBytes <= 0) return undefined;
  const position = offset - file.fileFromOffset;
  const end = file.committedPosition;
  if (position >= end) return undefined;
  return file.read(position, Math.min(maxBytes, end - position));
}

/** The whole message record at `offset`, or undefined when no committed message record starts there. */
export function lookRecord(queue: MappedFileQueue, offset: number): Buffer | undefined {
  const header = readCommitted(queue, offset, BLANK_RECORD_MIN_BYTES);
  if (!header || header.length < BLANK_RECORD_MIN_BYTES) return undefined;
  const size = header.readInt32BE(0);
  if (header.readInt32BE(4) !== MESSAGE_MAGIC_CODE || size < STORED_MESSAGE_FIXED_BYTES) return undefined;
  const record = readCommitted(queue, offset, size);
  return record && record.length === size ? record : undefined;
}

/**
 * Yields the records from `offset` (a record boundary) until `maxBytes` would be passed (at least one
 * record is always yielded when there is one) or the committed data ends. Every pass of the outer
 * loop yields a record, moves to the next file, or consumes part of a chunk, so it terminates.
 */
export function* readRecords(
  queue: MappedFileQueue,
  offset: number,
  maxBytes: number,
): Generator<CommitLogRecord> {
  let at = offset;
  let budget = maxBytes;
  let yielded = 0;
  for (;;) {
    if (yielded > 0 && budget <= 0) return;
    const file = queue.findByOffset(at);
    if (!file) return;
    const position = at - file.fileFromOffset;
    const committed = file.committedPosition;
    if (position >= committed) {
      if (committed < file.fileSize) return;
      at = file.fileFromOffset + file.fileSize;
      continue;
    }
    const chunk = file.read(
      position,
      Math.min(committed - position, Math.max(budget, BLANK_RECORD_MIN_BYTES), READ_CHUNK_BYTES_MAX),
    );
    let used = 0;
    for (;;) {
      const next = nextRecord(chunk, used, file, position + used);
      if (next.kind === 'end') return;
      if (next.kind === 'next-file') {
        used = file.fileSize - position;
        break;
      }
      if (next.kind === 'beyond-chunk') {
        if (used > 0) break;
        if (next.size === 0 || (yielded > 0 && next.size > budget)) return;
        const record = file.read(position, next.size);
        yield { offset: at, size: next.size, record };
        yielded += 1;
        budget -= next.size;
        used = next.size;
        break;
      }
      if (yielded > 0 && next.size > budget) return;
      yield { offset: at + used, size: next.size, record: chunk.subarray(used, used + next.size) };
      yielded += 1;
      budget -= next.size;
      used += next.size;
      if (budget <= 0) return;
    }
    at += used;
  }
}

type NextRecord =
  | { readonly kind: 'record'; readonly size: number }
  | { readonly kind: 'beyond-chunk'; readonly size: number }
  | { readonly kind: 'next-file' }
  | { readonly kind: 'end' };

/** What starts at `used` of `chunk` (file position `position`); 'beyond-chunk' needs a new read. */
function nextRecord(chunk: Buffer, used: number, file: MappedFile, position: number): NextRecord {
  if (chunk.length - used < BLANK_RECORD_MIN_BYTES) {
    return position + BLANK_RECORD_MIN_BYTES > file.committedPosition
      ? { kind: 'end' }
      : { kind: 'beyond-chunk', size: 0 };
  }
  const size = chunk.readInt32BE(used);
  const magic = chunk.readInt32BE(used + 4);
  if (magic === BLANK_MAGIC_CODE)
    return size === file.fileSize - position ? { kind: 'next-file' } : { kind: 'end' };
  if (magic !== MESSAGE_MAGIC_CODE || size < STORED_MESSAGE_FIXED_BYTES) return { kind: 'end' };
  if (position + size > file.committedPosition) return { kind: 'end' };
  return used + size <= chunk.length ? { kind: 'record', size } : { kind: 'beyond-chunk', size };
}
