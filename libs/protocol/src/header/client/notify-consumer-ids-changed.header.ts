/** NOTIFY_CONSUMER_IDS_CHANGED (40): broker → consumer, oneway, "your group's membership changed". */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const NotifyConsumerIdsChangedRequestHeader = defineHeader('NotifyConsumerIdsChangedRequestHeader', {
  consumerGroup: HeaderField.required('string'),
});
export type NotifyConsumerIdsChangedRequestHeader = HeaderType<typeof NotifyConsumerIdsChangedRequestHeader>;
