/** Injection token and shape of the NameServer's validated configuration. */
import type { NamesrvConfig } from '@rmq/config';

export const NAMESRV_CONFIG = Symbol('NAMESRV_CONFIG');
export type NamesrvRuntimeConfig = NamesrvConfig;
