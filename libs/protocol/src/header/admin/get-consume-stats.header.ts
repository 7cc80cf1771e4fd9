/** GET_CONSUME_STATS (208): a group's lag per queue (optionally one topic); the reply body is ConsumeStats. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const GetConsumeStatsRequestHeader = defineHeader('GetConsumeStatsRequestHeader', {
  consumerGroup: HeaderField.required('string'),
  topic: HeaderField.optional('string'),
});
export type GetConsumeStatsRequestHeader = HeaderType<typeof GetConsumeStatsRequestHeader>;
