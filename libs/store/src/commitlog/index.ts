/** The commit log: appends, group commit / real-time flush, reads, recovery. */
export * from './commit-log';
export * from './commit-log-encoder';
export * from './commit-log-options';
export * from './commit-log-reader';
export * from './commit-log-record-check';
export * from './commit-log-recovery';
export * from './flush-real-time.service';
export * from './group-commit.service';
