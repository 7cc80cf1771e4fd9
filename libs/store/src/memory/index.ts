/** The in-memory MessageStore and the put checks every store shares. */
export * from './memory-message-store';
export * from './memory-message-store.options';
