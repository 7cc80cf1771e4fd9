/** Broker config files (topics, subscription groups, consumer and delay offsets) on the FileSystem port. */
export * from './config-file';
export * from './config-file-corrupt.error';
export * from './config-file-names';
export * from './config-logger';
export * from './config-table-deps';
export * from './consumer-offset-table';
export * from './delay-offset-table';
export * from './subscription-group-table';
export * from './topic-config-table';
export * from './versioned-config-table';
