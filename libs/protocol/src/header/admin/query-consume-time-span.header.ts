/** QUERY_CONSUME_TIME_SPAN (303): store-time span per queue of a topic and a group's position in it. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const QueryConsumeTimeSpanRequestHeader = defineHeader('QueryConsumeTimeSpanRequestHeader', {
  topic: HeaderField.required('string'),
  group: HeaderField.required('string'),
});
export type QueryConsumeTimeSpanRequestHeader = HeaderType<typeof QueryConsumeTimeSpanRequestHeader>;
