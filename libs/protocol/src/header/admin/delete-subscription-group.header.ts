/** DELETE_SUBSCRIPTIONGROUP (207): drop a group's config, and its offsets when removeOffset is set. */
import { defineHeader, HeaderField, HeaderType } from '../header-codec';

export const DeleteSubscriptionGroupRequestHeader = defineHeader('DeleteSubscriptionGroupRequestHeader', {
  groupName: HeaderField.required('string'),
  removeOffset: HeaderField.withDefault('boolean', false),
});
export type DeleteSubscriptionGroupRequestHeader = HeaderType<typeof DeleteSubscriptionGroupRequestHeader>;
