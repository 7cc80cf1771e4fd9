/** GET_TOPICS_BY_CLUSTER (224): GetTopicsByClusterRequestHeader; the reply body is a TopicList. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const GetTopicsByClusterRequestHeader = defineHeader('GetTopicsByClusterRequestHeader', {
  cluster: HeaderField.required('string'),
});
export type GetTopicsByClusterRequestHeader = HeaderType<typeof GetTopicsByClusterRequestHeader>;
