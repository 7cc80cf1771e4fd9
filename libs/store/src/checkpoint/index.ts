/** Store start/stop markers: checkpoint timestamps, the abort file, the directory lock. */
export * from './abort-file';
export * from './store-checkpoint';
export * from './store-lock';
