/**
 * GET_ROUTEINFO_BY_TOPIC (105): GetRouteInfoRequestHeader. The reply body is TopicRouteData, in
 * standard JSON when the request asks for it (protocol.md §2.4 item 4).
 */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const GetRouteInfoRequestHeader = defineHeader('GetRouteInfoRequestHeader', {
  topic: HeaderField.required('string'),
  /** 4.9.x: ask for quoted map keys whatever the request version. */
  acceptStandardJsonOnly: HeaderField.optional('boolean'),
});
export type GetRouteInfoRequestHeader = HeaderType<typeof GetRouteInfoRequestHeader>;

/** MQVersion V4_9_4: from this request version on, the 4.9.8 namesrv answers standard JSON. */
export const STANDARD_ROUTE_JSON_MIN_VERSION = 401;

/** Whether a 4.9.8 namesrv would answer this request with standard (quoted-key) JSON. */
export function wantsStandardRouteJson(requestVersion: number, header: GetRouteInfoRequestHeader): boolean {
  return requestVersion >= STANDARD_ROUTE_JSON_MIN_VERSION || header.acceptStandardJsonOnly === true;
}
