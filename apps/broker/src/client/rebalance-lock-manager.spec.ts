import { RebalanceLockManager } from './rebalance-lock-manager';

const mq = (queueId: number) => ({ topic: 'T', brokerName: 'broker-a', queueId });

describe('RebalanceLockManager', () => {
  it('gives a queue to one client until its lock expires', () => {
    let now = 1_000;
    const locks = new RebalanceLockManager(() => now, 60_000);
    expect(locks.tryLockBatch('G', [mq(0), mq(1)], 'c1')).toEqual([mq(0), mq(1)]);
    expect(locks.tryLockBatch('G', [mq(1), mq(2)], 'c2')).toEqual([mq(2)]);
    now += 60_001;
    expect(locks.tryLockBatch('G', [mq(1)], 'c2')).toEqual([mq(1)]);
    expect(locks.isLockedBy('G', mq(1), 'c1')).toBe(false);
  });

  it('renews for the holder and frees on unlock by the holder only', () => {
    const locks = new RebalanceLockManager(() => 0);
    locks.tryLockBatch('G', [mq(0)], 'c1');
    locks.unlockBatch('G', [mq(0)], 'c2');
    expect(locks.tryLockBatch('G', [mq(0)], 'c2')).toEqual([]);
    expect(locks.tryLockBatch('G', [mq(0)], 'c1')).toEqual([mq(0)]);
    locks.unlockBatch('G', [mq(0)], 'c1');
    expect(locks.tryLockBatch('G', [mq(0)], 'c2')).toEqual([mq(0)]);
  });

  it('keeps groups apart', () => {
    const locks = new RebalanceLockManager(() => 0);
    locks.tryLockBatch('G1', [mq(0)], 'c1');
    expect(locks.tryLockBatch('G2', [mq(0)], 'c2')).toEqual([mq(0)]);
  });
});
