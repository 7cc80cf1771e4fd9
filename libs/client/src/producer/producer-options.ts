/** Producer settings with DefaultMQProducer's defaults (protocol.md §7). */
import { ClientConfig, positive } from '../core/client-config';
import { MQClientError } from '../errors/mq-client.error';
import { AUTO_CREATE_TOPIC_KEY_TOPIC, validateGroup } from '../message/message';
import { TransactionListener } from './transaction-listener';

export interface ProducerOptions extends ClientConfig {
  producerGroup: string;
  sendMsgTimeoutMs?: number;
  /** Extra attempts on another broker after a failed synchronous send. */
  retryTimesWhenSendFailed?: number;
  /** Bodies of this many bytes or more are zlib-compressed. */
  compressMsgBodyOverHowmuch?: number;
  /** Bytes. */
  maxMessageSize?: number;
  /** The topic whose route a new topic borrows so that brokers auto-create it. */
  createTopicKey?: string;
  defaultTopicQueueNums?: number;
  transactionListener?: TransactionListener;
}

export interface ResolvedProducerOptions {
  producerGroup: string;
  sendMsgTimeoutMs: number;
  retryTimesWhenSendFailed: number;
  compressMsgBodyOverHowmuch: number;
  maxMessageSize: number;
  createTopicKey: string;
  defaultTopicQueueNums: number;
}

export const SEND_MSG_TIMEOUT_MS_DEFAULT = 3_000;
export const RETRY_TIMES_WHEN_SEND_FAILED_DEFAULT = 2;
export const COMPRESS_MSG_BODY_OVER_HOWMUCH_DEFAULT = 4 * 1024;
export const MAX_MESSAGE_SIZE_DEFAULT = 4 * 1024 * 1024;
export const DEFAULT_TOPIC_QUEUE_NUMS_DEFAULT = 4;

/** Takes only the producer's own settings, so internal senders need no client config. */
export function resolveProducerOptions(
  options: Omit<ProducerOptions, keyof ClientConfig>,
): ResolvedProducerOptions {
  validateGroup(options.producerGroup, 'producerGroup');
  const retries = options.retryTimesWhenSendFailed ?? RETRY_TIMES_WHEN_SEND_FAILED_DEFAULT;
  if (!Number.isInteger(retries) || retries < 0) {
    throw new MQClientError('ILLEGAL_ARGUMENT', `retryTimesWhenSendFailed must be >= 0, got ${retries}`);
  }
  return {
    producerGroup: options.producerGroup,
    sendMsgTimeoutMs: positive(options.sendMsgTimeoutMs, SEND_MSG_TIMEOUT_MS_DEFAULT),
    retryTimesWhenSendFailed: retries,
    compressMsgBodyOverHowmuch: positive(
      options.compressMsgBodyOverHowmuch,
      COMPRESS_MSG_BODY_OVER_HOWMUCH_DEFAULT,
    ),
    maxMessageSize: positive(options.maxMessageSize, MAX_MESSAGE_SIZE_DEFAULT),
    createTopicKey: options.createTopicKey ?? AUTO_CREATE_TOPIC_KEY_TOPIC,
    defaultTopicQueueNums: positive(options.defaultTopicQueueNums, DEFAULT_TOPIC_QUEUE_NUMS_DEFAULT),
  };
}
