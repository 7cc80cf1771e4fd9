/**
 * SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320): SendMessageRequestHeaderV2, the V1 fields under
 * one-letter keys a..n, and the mapping between the two forms. Servers decode any send request into
 * the V1 shape with `decodeSendMessageRequestHeader`.
 */
import { RequestCode } from '../../code/request-code';
import { defineHeader, HeaderField, HeaderType } from '../header-codec';
import { SendMessageRequestHeader } from './send-message.header';

export const SendMessageRequestHeaderV2 = defineHeader('SendMessageRequestHeaderV2', {
  a: HeaderField.required('string'),
  b: HeaderField.required('string'),
  c: HeaderField.required('string'),
  d: HeaderField.required('int'),
  e: HeaderField.required('int'),
  f: HeaderField.required('int'),
  g: HeaderField.required('long'),
  h: HeaderField.required('int'),
  i: HeaderField.optional('string'),
  j: HeaderField.optional('int'),
  k: HeaderField.withDefault('boolean', false),
  l: HeaderField.optional('int'),
  m: HeaderField.withDefault('boolean', false),
  n: HeaderField.optional('string'),
});
export type SendMessageRequestHeaderV2 = HeaderType<typeof SendMessageRequestHeaderV2>;

type V2Key = keyof SendMessageRequestHeaderV2;
type V1Key = keyof SendMessageRequestHeader;

/** V2 one-letter key → V1 field name (protocol.md §2.3 table). */
export const SEND_MESSAGE_V2_TO_V1_KEYS: Readonly<Record<V2Key, V1Key>> = {
  a: 'producerGroup',
  b: 'topic',
  c: 'defaultTopic',
  d: 'defaultTopicQueueNums',
  e: 'queueId',
  f: 'sysFlag',
  g: 'bornTimestamp',
  h: 'flag',
  i: 'properties',
  j: 'reconsumeTimes',
  k: 'unitMode',
  l: 'maxReconsumeTimes',
  m: 'batch',
  n: 'bname',
};

const V2_KEYS = Object.keys(SEND_MESSAGE_V2_TO_V1_KEYS) as V2Key[];

export function sendMessageHeaderV2ToV1(v2: SendMessageRequestHeaderV2): SendMessageRequestHeader {
  const v1: Record<string, unknown> = {};
  for (const key of V2_KEYS) {
    if (v2[key] !== undefined) v1[SEND_MESSAGE_V2_TO_V1_KEYS[key]] = v2[key];
  }
  return v1 as SendMessageRequestHeader;
}

export function sendMessageHeaderV1ToV2(v1: SendMessageRequestHeader): SendMessageRequestHeaderV2 {
  const v2: Record<string, unknown> = {};
  for (const key of V2_KEYS) {
    const value = v1[SEND_MESSAGE_V2_TO_V1_KEYS[key]];
    if (value !== undefined) v2[key] = value;
  }
  return v2 as SendMessageRequestHeaderV2;
}

/**
 * Decodes the header of SEND_MESSAGE (V1 keys) or SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE (V2 keys)
 * into the V1 shape, as the broker's send processor does.
 */
export function decodeSendMessageRequestHeader(
  requestCode: number,
  extFields: Readonly<Record<string, string>> | undefined,
): SendMessageRequestHeader {
  if (requestCode === RequestCode.SEND_MESSAGE_V2 || requestCode === RequestCode.SEND_BATCH_MESSAGE) {
    return sendMessageHeaderV2ToV1(SendMessageRequestHeaderV2.decode(extFields));
  }
  return SendMessageRequestHeader.decode(extFields);
}
