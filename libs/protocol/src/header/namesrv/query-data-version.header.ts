/**
 * QUERY_DATA_VERSION (322): a broker with forceRegister=false asks whether its DataVersion (the
 * request body) differs from the namesrv's; the reply body is the stored DataVersion.
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const QueryDataVersionRequestHeader = defineHeader('QueryDataVersionRequestHeader', {
  brokerName: HeaderField.required('string'),
  brokerAddr: HeaderField.required('string'),
  clusterName: HeaderField.required('string'),
  brokerId: HeaderField.required('long'),
});
export type QueryDataVersionRequestHeader = HeaderType<typeof QueryDataVersionRequestHeader>;

export const QueryDataVersionResponseHeader = defineHeader('QueryDataVersionResponseHeader', {
  changed: HeaderField.required('boolean'),
});
export type QueryDataVersionResponseHeader = HeaderType<typeof QueryDataVersionResponseHeader>;
