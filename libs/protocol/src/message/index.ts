/** Message encoding (protocol.md §3): stored records, properties, ids, flags, batches. */
export * from './batch-message.codec';
export * from './commit-log-record';
export * from './message-const';
export * from './message-id.codec';
export * from './message-properties.codec';
export * from './message-sys-flag';
export * from './perm-name';
export * from './pull-sys-flag';
export * from './socket-address';
export * from './stored-message.codec';
export * from './tags-code';
export * from './unique-message-id';
export * from './topic-validator';
