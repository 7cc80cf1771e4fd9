import { SystemBusyError } from '../errors/broker.errors';
import { PullOutcome } from './pull-outcome';
import { HeldPull, PullRequestHoldService } from './pull-request-hold.service';
import { MATCH_ALL } from './subscription-filter';

function outcome(remark: string): PullOutcome {
  return {
    code: 0,
    remark,
    suggestWhichBrokerId: 0,
    nextBeginOffset: 0,
    minOffset: 0,
    maxOffset: 0,
    messageCount: 0,
  };
}

describe('PullRequestHoldService', () => {
  let now = 0;
  let maxOffset = 5;
  const make = (heldMax = 10) =>
    new PullRequestHoldService({
      heldMax,
      checkIntervalMs: 1000,
      maxOffsetOf: () => maxOffset,
      nowMs: () => now,
    });
  const pull = (over: Partial<HeldPull> = {}): HeldPull => ({
    topic: 'T',
    queueId: 1,
    offset: 5,
    deadlineMs: 15_000,
    filter: MATCH_ALL,
    rerun: () => Promise.resolve(outcome('rerun')),
    ...over,
  });

  beforeEach(() => {
    now = 0;
    maxOffset = 5;
  });

  it('answers a held pull when a message arrives at or past its offset on its queue', async () => {
    const hold = make();
    const answer = hold.suspend(pull());
    hold.notifyMessageArriving('T', 2, 5, 0); // other queue
    hold.notifyMessageArriving('T', 1, 4, 0); // older entry
    expect(hold.heldCount).toBe(1);
    hold.notifyMessageArriving('T', 1, 5, 0);
    await expect(answer).resolves.toMatchObject({ remark: 'rerun' });
    expect(hold.heldCount).toBe(0);
  });

  it('does not wake for a message its tag filter rejects', () => {
    const hold = make();
    void hold.suspend(pull({ filter: { isMatchedByConsumeQueue: (code) => code === 42 } }));
    hold.notifyMessageArriving('T', 1, 5, 7);
    expect(hold.heldCount).toBe(1);
    hold.notifyMessageArriving('T', 1, 6, 42);
    expect(hold.heldCount).toBe(0);
  });

  it('answers at the deadline, or earlier when the sweep sees the queue grew', async () => {
    const hold = make();
    const late = hold.suspend(pull({ deadlineMs: 10_000 }));
    const grown = hold.suspend(pull({ queueId: 2, deadlineMs: 10_000, offset: 2 }));
    now = 5_000;
    maxOffset = 3;
    hold.sweep();
    expect(hold.heldCount).toBe(1);
    now = 10_000;
    hold.sweep();
    await expect(Promise.all([late, grown])).resolves.toHaveLength(2);
  });

  it('refuses past heldMax with SYSTEM_BUSY and answers everything on stop', async () => {
    const hold = make(2);
    const a = hold.suspend(pull());
    const b = hold.suspend(pull({ queueId: 3 }));
    await expect(hold.suspend(pull({ queueId: 4 }))).rejects.toBeInstanceOf(SystemBusyError);
    hold.stop();
    await expect(Promise.all([a, b])).resolves.toHaveLength(2);
    expect(hold.heldCount).toBe(0);
  });

  it('parks nothing once stopped: a pull arriving while the broker stops is answered at once', async () => {
    const hold = make();
    hold.stop();
    await expect(hold.suspend(pull())).resolves.toMatchObject({ remark: 'rerun' });
    expect(hold.heldCount).toBe(0);
  });

  it('passes a failing re-run to the waiting request', async () => {
    const hold = make();
    const answer = hold.suspend(pull({ rerun: () => Promise.reject(new Error('topic deleted')) }));
    hold.releaseAll();
    await expect(answer).rejects.toThrow('topic deleted');
  });
});
