export * from './errors/store-io.error';
export * from './fs/file-system';
export * from './fs/node-file-system';
export * from './mapped-file/mapped-file';
export * from './mapped-file/mapped-file-queue';
export * from './message-store';
export * from './store-config';
