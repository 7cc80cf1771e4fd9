/** UNREGISTER_BROKER (104): UnRegisterBrokerRequestHeader; the reply is a bare SUCCESS. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const UnRegisterBrokerRequestHeader = defineHeader('UnRegisterBrokerRequestHeader', {
  brokerName: HeaderField.required('string'),
  brokerAddr: HeaderField.required('string'),
  clusterName: HeaderField.required('string'),
  brokerId: HeaderField.required('long'),
});
export type UnRegisterBrokerRequestHeader = HeaderType<typeof UnRegisterBrokerRequestHeader>;
