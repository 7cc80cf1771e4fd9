/** Consume queues: the 20-byte entry codec, one queue, all queues, and the pull (getMessage) decision table. */
export * from './consume-queue-entry';
export * from './consume-queue-time-search';
export * from './consume-queue';
export * from './consume-queue-store';
export * from './get-message';
