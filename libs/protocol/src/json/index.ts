/** fastjson-compatible JSON: the writer, Java collection markers, the lenient parser, typed reads. */
export * from './fast-json.writer';
export * from './java-collections';
export * from './json-body-reader';
export * from './lenient-json.parser';
