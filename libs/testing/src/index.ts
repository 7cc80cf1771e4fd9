export * from './fixtures';
export * from './processes';
export * from './seeded-random';
export * from './raw-tcp';
export * from './app-processes';
export * from './private-install';
export * from './transcript';
