/** Test harness for client specs and for anyone testing code built on @rmq/client without a broker. */
export * from './fake-broker';
export * from './fake-cluster';
export * from './fake-message-store';
export * from './fake-namesrv';
export * from './seed-messages';
export * from './scripted-server';
