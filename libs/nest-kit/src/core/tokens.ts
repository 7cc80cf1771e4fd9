/** Injection tokens of the values every app shares. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const APP_LOGGER = Symbol('APP_LOGGER');
export const APP_METRICS = Symbol('APP_METRICS');
