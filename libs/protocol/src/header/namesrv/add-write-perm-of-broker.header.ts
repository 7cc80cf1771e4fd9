/** ADD_WRITE_PERM_OF_BROKER (327): give PERM_WRITE back to every topic of a broker name. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const AddWritePermOfBrokerRequestHeader = defineHeader('AddWritePermOfBrokerRequestHeader', {
  brokerName: HeaderField.required('string'),
});
export type AddWritePermOfBrokerRequestHeader = HeaderType<typeof AddWritePermOfBrokerRequestHeader>;

export const AddWritePermOfBrokerResponseHeader = defineHeader('AddWritePermOfBrokerResponseHeader', {
  addTopicCount: HeaderField.required('int'),
});
export type AddWritePermOfBrokerResponseHeader = HeaderType<typeof AddWritePermOfBrokerResponseHeader>;
