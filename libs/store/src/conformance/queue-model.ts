/**
 * The reference model of the seeded conformance test: what each queue must hold, kept as plain
 * arrays, and the checks of a getMessage answer against it. In-range answers are checked by
 * invariants that every correct store meets whatever its scan window or file boundaries:
 * the returned messages are exactly the matches in [offset, nextBeginOffset), at most maxMsgNums.
 */
import { expect } from '@jest/globals';
import type { GetMessageResult } from '../message-store';
import { decode } from './conformance-fixtures';

export interface ModelMessage {
  readonly topic: string;
  readonly queueId: number;
  readonly queueOffset: number;
  readonly physicalOffset: number;
  readonly body: Buffer;
  readonly tagsCode: number;
  readonly storeTimestamp: number;
}

export class QueueModel {
  private readonly queues = new Map<string, ModelMessage[]>();

  queue(topic: string, queueId: number): ModelMessage[] {
    const key = `${topic}/${queueId}`;
    let q = this.queues.get(key);
    if (q === undefined) {
      q = [];
      this.queues.set(key, q);
    }
    return q;
  }

  all(): ModelMessage[] {
    return [...this.queues.values()].flat();
  }
}

export interface ModelPull {
  readonly offset: number;
  readonly maxMsgNums: number;
  /** tagsCodes the filter accepts; undefined = no filter. */
  readonly codes: ReadonlySet<number> | undefined;
}

/** Checks one getMessage answer against the queue's model; `where` names the case in failures. */
export function checkPull(
  queue: readonly ModelMessage[],
  pull: ModelPull,
  got: GetMessageResult,
  where: string,
): void {
  const max = queue.length;
  const expectAnswer = (status: string, next: number): void => {
    expect({ where, status: got.status, next: got.nextBeginOffset, n: got.messages.length }).toEqual({
      where,
      status,
      next,
      n: 0,
    });
  };
  expect({ where, min: got.minOffset, max: got.maxOffset }).toEqual({ where, min: 0, max });
  if (max === 0) return expectAnswer('NO_MESSAGE_IN_QUEUE', 0);
  if (pull.offset < 0) return expectAnswer('OFFSET_TOO_SMALL', 0);
  if (pull.offset === max) return expectAnswer('OFFSET_OVERFLOW_ONE', max);
  if (pull.offset > max) return expectAnswer('OFFSET_OVERFLOW_BADLY', max);
  checkInRange(queue, pull, got, where);
}

function checkInRange(
  queue: readonly ModelMessage[],
  pull: ModelPull,
  got: GetMessageResult,
  where: string,
): void {
  const next = got.nextBeginOffset;
  expect({ where, nextAfterOffset: next > pull.offset, nextWithinMax: next <= queue.length }).toEqual({
    where,
    nextAfterOffset: true,
    nextWithinMax: true,
  });
  const matches = queue
    .slice(pull.offset, next)
    .filter((m) => pull.codes === undefined || pull.codes.has(m.tagsCode));
  expect({ where, status: got.status }).toEqual({
    where,
    status: matches.length > 0 ? 'FOUND' : 'NO_MATCHED_MESSAGE',
  });
  expect({ where, offsets: got.queueOffsets }).toEqual({ where, offsets: matches.map((m) => m.queueOffset) });
  expect(got.messages.length).toBeLessThanOrEqual(Math.max(1, pull.maxMsgNums));
  got.messages.forEach((record, i) => checkRecord(record, matches[i], `${where} #${i}`));
}

export function checkRecord(record: Buffer, expected: ModelMessage | undefined, where: string): void {
  const m = decode(record);
  expect({
    where,
    topic: m.topic,
    queueId: m.queueId,
    queueOffset: m.queueOffset,
    physicalOffset: m.physicalOffset,
    storeTimestamp: m.storeTimestamp,
    bodyMatches: expected !== undefined && m.body.equals(expected.body),
  }).toEqual({
    where,
    topic: expected?.topic,
    queueId: expected?.queueId,
    queueOffset: expected?.queueOffset,
    physicalOffset: expected?.physicalOffset,
    storeTimestamp: expected?.storeTimestamp,
    bodyMatches: true,
  });
}
