/** DELETE_TOPIC_IN_NAMESRV (216): DeleteTopicFromNamesrvRequestHeader; reply is a bare SUCCESS. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const DeleteTopicFromNamesrvRequestHeader = defineHeader('DeleteTopicFromNamesrvRequestHeader', {
  topic: HeaderField.required('string'),
  /** When set, only the queue data of this cluster's brokers is removed. */
  clusterName: HeaderField.optional('string'),
});
export type DeleteTopicFromNamesrvRequestHeader = HeaderType<typeof DeleteTopicFromNamesrvRequestHeader>;
