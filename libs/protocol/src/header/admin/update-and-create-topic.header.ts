/**
 * UPDATE_AND_CREATE_TOPIC (17): CreateTopicRequestHeader. `topicFilterType` must be SINGLE_TAG or
 * MULTI_TAG, as the Java header's checkFields insists.
 */
import { isTopicFilterType } from '../../body/topic/topic-config';
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const CreateTopicRequestHeader = defineHeader(
  'CreateTopicRequestHeader',
  {
    topic: HeaderField.required('string'),
    defaultTopic: HeaderField.required('string'),
    readQueueNums: HeaderField.required('int'),
    writeQueueNums: HeaderField.required('int'),
    /** PermName bits. */
    perm: HeaderField.required('int'),
    topicFilterType: HeaderField.required('string'),
    topicSysFlag: HeaderField.optional('int'),
    order: HeaderField.withDefault('boolean', false),
  },
  (header, fail) => {
    if (!isTopicFilterType(header.topicFilterType)) fail('topicFilterType', 'is not SINGLE_TAG or MULTI_TAG');
  },
);
export type CreateTopicRequestHeader = HeaderType<typeof CreateTopicRequestHeader>;
