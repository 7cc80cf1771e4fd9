/**
 * Conformance: seeded random interleavings of puts (topics, queues, sizes, batches, tags) and pulls,
 * checked against QueueModel; then every queue is drained with a random filter and every record is
 * looked up by offset. Pull sizes stay at 8 messages or fewer and bodies at 2 KiB or less, so no
 * store's transfer limits apply. A failure names its seed and step.
 */
import { describe, expect, it } from '@jest/globals';
import { storedMessageSize, tagsCodeOf } from '@rmq/protocol';
import { SeededRandom, seededRandom } from '@rmq/testing';
import type { MessageToStore } from '../message-store';
import { GROUP, present, StoreUnderTest, testMessage } from './conformance-fixtures';
import { checkPull, checkRecord, ModelPull, QueueModel } from './queue-model';

const SEEDS = [101, 202, 303];
const STEPS = 150;
const TOPICS = ['RandA', 'RandB', 'RandC'];
const QUEUES = 4;
const TAGS = ['A', 'B', 'C', undefined] as const;
const BODY_BYTES_MAX = 2048;
const PULL_MSGS_MAX = 8;
const DRAIN_PULLS_MAX = 1000;

export function declareRandomModelConformance(sut: StoreUnderTest): void {
  describe('seeded random interleavings against a model', () => {
    it.each(SEEDS)('seed %i', async (seed) => {
      const random = seededRandom(seed);
      const model = new QueueModel();
      for (let step = 0; step < STEPS; step += 1) {
        const roll = random.next();
        if (roll < 0.55) await putOne(sut, random, model, 1);
        else if (roll < 0.7) await putOne(sut, random, model, random.int(2, 4));
        else await pullOne(sut, random, model, `seed ${seed} step ${step}`);
        sut.clock.advanceMs(random.int(0, 3) * 1000);
      }
      await sut.settle();
      drainAll(sut, random, model, `seed ${seed} drain`);
    });
  });
}

function randomMessage(random: SeededRandom, topic: string, queueId: number): MessageToStore {
  const tags = TAGS[random.int(0, TAGS.length - 1)];
  const body = random.bytes(random.int(0, BODY_BYTES_MAX));
  return testMessage({ topic, queueId, body, ...(tags === undefined ? {} : { tags }) });
}

async function putOne(
  sut: StoreUnderTest,
  random: SeededRandom,
  model: QueueModel,
  count: number,
): Promise<void> {
  const topic = TOPICS[random.int(0, TOPICS.length - 1)] as string;
  const queueId = random.int(0, QUEUES - 1);
  const msgs = Array.from({ length: count }, () => randomMessage(random, topic, queueId));
  const storeTimestamp = sut.clock.nowMs();
  const append = count === 1 ? await sut.put(msgs[0] as MessageToStore) : await sut.putBatch(msgs);
  const queue = model.queue(topic, queueId);
  expect({ logicsOffset: append.logicsOffset, msgNum: append.msgNum }).toEqual({
    logicsOffset: queue.length,
    msgNum: count,
  });
  let physicalOffset = append.wroteOffset;
  for (const msg of msgs) {
    queue.push({
      topic,
      queueId,
      queueOffset: queue.length,
      physicalOffset,
      body: msg.body,
      tagsCode: msg.tagsCode,
      storeTimestamp,
    });
    physicalOffset += storedMessageSize(
      msg.body.length,
      Buffer.byteLength(topic),
      Buffer.byteLength(msg.propertiesString),
    );
  }
}

function randomPull(random: SeededRandom, max: number): ModelPull {
  const tagCount = random.int(0, 2);
  const codes =
    tagCount === 0
      ? undefined
      : new Set(Array.from({ length: tagCount }, () => tagsCodeOf(TAGS[random.int(0, 2)])));
  return { offset: random.int(-1, max + 2), maxMsgNums: random.int(1, PULL_MSGS_MAX), codes };
}

function filterOf(codes: ReadonlySet<number> | undefined) {
  return codes === undefined
    ? undefined
    : { isMatchedByConsumeQueue: (tagsCode: number) => codes.has(tagsCode) };
}

async function pullOne(
  sut: StoreUnderTest,
  random: SeededRandom,
  model: QueueModel,
  where: string,
): Promise<void> {
  await sut.settle();
  const topic = random.next() < 0.1 ? 'RandNever' : (TOPICS[random.int(0, TOPICS.length - 1)] as string);
  const queueId = random.int(0, QUEUES);
  const queue = model.queue(topic, queueId);
  const pull = randomPull(random, queue.length);
  const got = sut.store.getMessage(GROUP, topic, queueId, pull.offset, pull.maxMsgNums, filterOf(pull.codes));
  checkPull(
    queue,
    pull,
    got,
    `${where} ${topic}/${queueId} ${JSON.stringify({ ...pull, codes: [...(pull.codes ?? [])] })}`,
  );
  expect(sut.store.getMaxOffsetInQueue(topic, queueId)).toBe(queue.length);
}

/** Pulls every queue from 0 to its end, as a consumer would, and looks every record up by offset. */
function drainAll(sut: StoreUnderTest, random: SeededRandom, model: QueueModel, where: string): void {
  for (const topic of TOPICS) {
    for (let queueId = 0; queueId <= QUEUES; queueId += 1) {
      const queue = model.queue(topic, queueId);
      const { codes, maxMsgNums } = randomPull(random, 0);
      let offset = 0;
      const seen: number[] = [];
      for (let pulls = 0; offset < queue.length && pulls < DRAIN_PULLS_MAX; pulls += 1) {
        const got = sut.store.getMessage(GROUP, topic, queueId, offset, maxMsgNums, filterOf(codes));
        checkPull(queue, { offset, maxMsgNums, codes }, got, `${where} ${topic}/${queueId}@${offset}`);
        seen.push(...got.queueOffsets);
        got.messages.forEach((record, i) => {
          const expected = present(queue[present(got.queueOffsets[i], 'queue offset')], 'model message');
          const looked = sut.store.lookMessageByOffset(expected.physicalOffset);
          expect(looked !== undefined && Buffer.from(looked).equals(record)).toBe(true);
        });
        offset = got.nextBeginOffset;
      }
      const expected = queue
        .filter((m) => codes === undefined || codes.has(m.tagsCode))
        .map((m) => m.queueOffset);
      expect({ where, topic, queueId, seen }).toEqual({ where, topic, queueId, seen: expected });
      for (const m of queue) {
        const looked = sut.store.lookMessageByOffset(m.physicalOffset);
        expect({ where, offset: m.physicalOffset, found: looked !== undefined }).toEqual({
          where,
          offset: m.physicalOffset,
          found: true,
        });
        checkRecord(Buffer.from(present(looked, 'looked-up record')), m, `${where} look ${m.physicalOffset}`);
      }
    }
  }
}
