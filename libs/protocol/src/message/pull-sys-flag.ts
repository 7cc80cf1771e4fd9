/** PullSysFlag: the sysFlag int of a PULL_MESSAGE request (protocol.md §2.3 Pull). */
export const PullSysFlag = {
  FLAG_COMMIT_OFFSET: 0x1,
  FLAG_SUSPEND: 0x2,
  FLAG_SUBSCRIPTION: 0x4,
  FLAG_CLASS_FILTER: 0x8,
  FLAG_LITE_PULL_MESSAGE: 0x10,
} as const;

export interface PullSysFlagBits {
  commitOffset: boolean;
  suspend: boolean;
  subscription: boolean;
  classFilter: boolean;
  litePull: boolean;
}

export function buildPullSysFlag(bits: Partial<PullSysFlagBits>): number {
  let flag = 0;
  if (bits.commitOffset) flag |= PullSysFlag.FLAG_COMMIT_OFFSET;
  if (bits.suspend) flag |= PullSysFlag.FLAG_SUSPEND;
  if (bits.subscription) flag |= PullSysFlag.FLAG_SUBSCRIPTION;
  if (bits.classFilter) flag |= PullSysFlag.FLAG_CLASS_FILTER;
  if (bits.litePull) flag |= PullSysFlag.FLAG_LITE_PULL_MESSAGE;
  return flag;
}

export function parsePullSysFlag(sysFlag: number): PullSysFlagBits {
  return {
    commitOffset: (sysFlag & PullSysFlag.FLAG_COMMIT_OFFSET) !== 0,
    suspend: (sysFlag & PullSysFlag.FLAG_SUSPEND) !== 0,
    subscription: (sysFlag & PullSysFlag.FLAG_SUBSCRIPTION) !== 0,
    classFilter: (sysFlag & PullSysFlag.FLAG_CLASS_FILTER) !== 0,
    litePull: (sysFlag & PullSysFlag.FLAG_LITE_PULL_MESSAGE) !== 0,
  };
}

/** Clients clear COMMIT_OFFSET when pulling from a slave (protocol.md §5.4). */
export function clearCommitOffsetFlag(sysFlag: number): number {
  return sysFlag & ~PullSysFlag.FLAG_COMMIT_OFFSET;
}
