import { MessageQueue } from '@rmq/protocol';
import { allocateMessageQueueAveragely } from './allocate-message-queue-averagely';

const mqs = (n: number): MessageQueue[] =>
  Array.from({ length: n }, (_, queueId) => ({ topic: 'T', brokerName: 'b', queueId }));
const cids = (n: number): string[] => Array.from({ length: n }, (_, i) => `c${i}`);

describe('allocateMessageQueueAveragely', () => {
  it.each<[number, number, number[][]]>([
    [4, 1, [[0, 1, 2, 3]]],
    [
      4,
      2,
      [
        [0, 1],
        [2, 3],
      ],
    ],
    [
      5,
      2,
      [
        [0, 1, 2],
        [3, 4],
      ],
    ],
    [
      8,
      3,
      [
        [0, 1, 2],
        [3, 4, 5],
        [6, 7],
      ],
    ],
    [3, 4, [[0], [1], [2], []]],
    [2, 5, [[0], [1], [], [], []]],
    [0, 2, [[], []]],
    [
      10,
      4,
      [
        [0, 1, 2],
        [3, 4, 5],
        [6, 7],
        [8, 9],
      ],
    ],
  ])('%i queues over %i consumers', (queueCount, consumerCount, expected) => {
    const all = cids(consumerCount).map((cid) =>
      allocateMessageQueueAveragely('G', cid, mqs(queueCount), cids(consumerCount)).map((mq) => mq.queueId),
    );
    expect(all).toEqual(expected);
  });

  it('gives every queue to exactly one consumer', () => {
    for (let q = 0; q <= 17; q += 1) {
      for (let c = 1; c <= 7; c += 1) {
        const taken = cids(c).flatMap((cid) =>
          allocateMessageQueueAveragely('G', cid, mqs(q), cids(c)).map((mq) => mq.queueId),
        );
        expect(taken.sort((a, b) => a - b)).toEqual(mqs(q).map((mq) => mq.queueId));
      }
    }
  });

  it('gives nothing to a client not in the list', () => {
    expect(allocateMessageQueueAveragely('G', 'stranger', mqs(4), cids(2))).toEqual([]);
  });
});
