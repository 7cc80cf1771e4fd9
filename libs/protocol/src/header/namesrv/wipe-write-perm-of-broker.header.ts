/** WIPE_WRITE_PERM_OF_BROKER (205): remove PERM_WRITE from every topic of a broker name. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const WipeWritePermOfBrokerRequestHeader = defineHeader('WipeWritePermOfBrokerRequestHeader', {
  brokerName: HeaderField.required('string'),
});
export type WipeWritePermOfBrokerRequestHeader = HeaderType<typeof WipeWritePermOfBrokerRequestHeader>;

export const WipeWritePermOfBrokerResponseHeader = defineHeader('WipeWritePermOfBrokerResponseHeader', {
  wipeTopicCount: HeaderField.required('int'),
});
export type WipeWritePermOfBrokerResponseHeader = HeaderType<typeof WipeWritePermOfBrokerResponseHeader>;
