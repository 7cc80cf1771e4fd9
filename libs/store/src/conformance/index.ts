/**
 * The MessageStore conformance suite. Test-only (it declares Jest blocks): import it from specs as
 * `../conformance`, never from the library's public index.
 */
export * from './conformance-fixtures';
export * from './conformance-harness';
export * from './message-store-conformance';
