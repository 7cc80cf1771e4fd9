/**
 * GET_BROKER_CONFIG (26): no request header; the reply carries GetBrokerConfigResponseHeader with
 * `version` = the config's DataVersion JSON, and the config as `key=value` lines in the body.
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const GetBrokerConfigResponseHeader = defineHeader('GetBrokerConfigResponseHeader', {
  version: HeaderField.required('string'),
});
export type GetBrokerConfigResponseHeader = HeaderType<typeof GetBrokerConfigResponseHeader>;
