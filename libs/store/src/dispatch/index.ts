/** Dispatch: turning commit-log records into consume-queue entries and index keys, and the reput loop. */
export * from './store-ports';
export * from './invalid-delay-level.error';
export * from './delay-level';
export * from './dispatch-request';
export * from './commit-log-dispatcher';
export * from './reput-service';
