/**
 * REGISTER_BROKER (103): RegisterBrokerRequestHeader / RegisterBrokerResponseHeader (protocol.md §2.3
 * NameServer). The body is a RegisterBrokerBody, plain or deflated when `compressed` is true.
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const RegisterBrokerRequestHeader = defineHeader('RegisterBrokerRequestHeader', {
  brokerName: HeaderField.required('string'),
  /** IP1:listenPort */
  brokerAddr: HeaderField.required('string'),
  clusterName: HeaderField.required('string'),
  /** IP2:haListenPort */
  haServerAddr: HeaderField.required('string'),
  /** 0 = master, > 0 = slave */
  brokerId: HeaderField.required('long'),
  compressed: HeaderField.withDefault('boolean', false),
  /** CRC32 & 0x7FFFFFFF of the body as sent; 0 = do not check. */
  bodyCrc32: HeaderField.withDefault('int', 0),
});
export type RegisterBrokerRequestHeader = HeaderType<typeof RegisterBrokerRequestHeader>;

/** Filled only for slaves: their master's HA address and broker address. */
export const RegisterBrokerResponseHeader = defineHeader('RegisterBrokerResponseHeader', {
  haServerAddr: HeaderField.optional('string'),
  masterAddr: HeaderField.optional('string'),
});
export type RegisterBrokerResponseHeader = HeaderType<typeof RegisterBrokerResponseHeader>;
