import {
  MessageSysFlag,
  getTransactionValue,
  isDispatchedTransactionType,
  resetTransactionValue,
} from './message-sys-flag';
import { buildPullSysFlag, clearCommitOffsetFlag, parsePullSysFlag, PullSysFlag } from './pull-sys-flag';
import { isInherited, isReadable, isWriteable, perm2String, PermName } from './perm-name';

describe('flags', () => {
  it('MessageSysFlag transaction bits', () => {
    const flag = MessageSysFlag.COMPRESSED_FLAG | MessageSysFlag.TRANSACTION_PREPARED_TYPE;
    expect(getTransactionValue(flag)).toBe(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
    const committed = resetTransactionValue(flag, MessageSysFlag.TRANSACTION_COMMIT_TYPE);
    expect(committed).toBe(MessageSysFlag.COMPRESSED_FLAG | 0x8);
    expect([flag, committed, 0, 0xc].map(isDispatchedTransactionType)).toEqual([false, true, true, false]);
  });

  it('PullSysFlag: the flags the capture and clients use', () => {
    expect(buildPullSysFlag({ suspend: true, subscription: true })).toBe(6);
    expect(parsePullSysFlag(7)).toEqual({
      commitOffset: true,
      suspend: true,
      subscription: true,
      classFilter: false,
      litePull: false,
    });
    expect(clearCommitOffsetFlag(7)).toBe(6);
    expect(PullSysFlag.FLAG_LITE_PULL_MESSAGE).toBe(0x10);
  });

  it('PermName', () => {
    expect([6, 7, 2, 4].map(perm2String)).toEqual(['RW-', 'RWX', '-W-', 'R--']);
    expect([isReadable(2), isWriteable(2), isInherited(PermName.PERM_INHERIT)]).toEqual([false, true, true]);
  });
});
