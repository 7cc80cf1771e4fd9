/**
 * GET_ALL_TOPIC_CONFIG (21): no request header; the reply carries the empty
 * GetAllTopicConfigResponseHeader (`"extFields":{}`) and a TopicConfigSerializeWrapper body.
 */
import { defineHeader, HeaderType } from '../header-codec';

export const GetAllTopicConfigResponseHeader = defineHeader('GetAllTopicConfigResponseHeader', {});
export type GetAllTopicConfigResponseHeader = HeaderType<typeof GetAllTopicConfigResponseHeader>;
