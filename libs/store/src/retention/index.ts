/** Retention of commit-log files and the disk-full guard, over small ports the host store implements. */
export * from './clean-commit-log-policy';
export * from './consume-queue-cleaner';
export * from './delete-when';
export * from './disk-space-guard';
export * from './retention-config.error';
export * from './retention-logger';
export * from './retention-ports';
