/** DELETE_TOPIC_IN_BROKER (215): DeleteTopicRequestHeader; the reply is a bare SUCCESS. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const DeleteTopicRequestHeader = defineHeader('DeleteTopicRequestHeader', {
  topic: HeaderField.required('string'),
});
export type DeleteTopicRequestHeader = HeaderType<typeof DeleteTopicRequestHeader>;
