/** The message index: header codec, file naming, one index file, and the IndexService over all of them. */
export * from './index-header';
export * from './index-file-name';
export * from './index-file';
export * from './index-service';
