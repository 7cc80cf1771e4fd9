/** QUERY_TOPIC_CONSUME_BY_WHO (300): which groups consume a topic; the reply body is a GroupList. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const QueryTopicConsumeByWhoRequestHeader = defineHeader('QueryTopicConsumeByWhoRequestHeader', {
  topic: HeaderField.required('string'),
});
export type QueryTopicConsumeByWhoRequestHeader = HeaderType<typeof QueryTopicConsumeByWhoRequestHeader>;
