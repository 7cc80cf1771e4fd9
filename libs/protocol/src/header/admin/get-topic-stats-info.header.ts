/** GET_TOPIC_STATS_INFO (202): per-queue min/max offsets of a topic; the reply body is a TopicStatsTable. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const GetTopicStatsInfoRequestHeader = defineHeader('GetTopicStatsInfoRequestHeader', {
  topic: HeaderField.required('string'),
});
export type GetTopicStatsInfoRequestHeader = HeaderType<typeof GetTopicStatsInfoRequestHeader>;
