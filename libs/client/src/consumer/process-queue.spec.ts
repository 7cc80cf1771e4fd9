import { MessageExt } from '../message/message-ext';
import { ProcessQueue } from './process-queue';

const msg = (queueOffset: number): MessageExt => ({ queueOffset, reconsumeTimes: 0 }) as MessageExt;

describe('ProcessQueue', () => {
  it('commits only up to the smallest message still in flight', () => {
    const pq = new ProcessQueue();
    const msgs = [10, 11, 12, 13].map(msg);
    pq.putMessages(msgs);
    expect(pq.removeMessages([msgs[1]!, msgs[2]!])).toBe(10);
    expect(pq.removeMessages([msgs[0]!])).toBe(13);
    expect(pq.removeMessages([msgs[3]!])).toBe(14);
    expect(pq.msgCount).toBe(0);
  });

  it('returns -1 when nothing was ever held and ignores duplicates', () => {
    const pq = new ProcessQueue();
    expect(pq.removeMessages([msg(1)])).toBe(-1);
    pq.putMessages([msg(5), msg(5)]);
    expect(pq.msgCount).toBe(1);
  });

  it('orderly: takes in offset order, commits past the batch, and can give messages back', () => {
    const pq = new ProcessQueue();
    pq.putMessages([7, 5, 6].map(msg));
    const first = pq.takeMessages(2);
    expect(first.map((m) => m.queueOffset)).toEqual([5, 6]);
    pq.makeMessageToConsumeAgain(first);
    expect(pq.takeMessages(1).map((m) => m.queueOffset)).toEqual([5]);
    expect(pq.commit()).toBe(6);
    expect(pq.takeMessages(5).map((m) => m.queueOffset)).toEqual([6, 7]);
    expect(pq.commit()).toBe(8);
    expect(pq.commit()).toBe(-1);
  });
});
