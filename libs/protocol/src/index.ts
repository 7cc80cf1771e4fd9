export * from './errors/rmq-error';
export * from './errors/malformed-frame.error';
export * from './remoting/remoting-command';
export * from './remoting/language-code';
export * from './remoting/frame-codec';
export * from './remoting/ext-fields-order';
