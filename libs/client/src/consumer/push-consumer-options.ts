/** PushConsumer settings with DefaultMQPushConsumer's defaults, validated once at construction. */
import os from 'node:os';
import path from 'node:path';
import { ClientConfig, positive } from '../core/client-config';
import { MQClientError } from '../errors/mq-client.error';
import { validateGroup } from '../message/message';
import {
  allocateMessageQueueAveragely,
  AllocateMessageQueueStrategy,
} from './allocate-message-queue-averagely';

export type MessageModel = 'CLUSTERING' | 'BROADCASTING';
export type ConsumeFromWhere =
  | 'CONSUME_FROM_LAST_OFFSET'
  | 'CONSUME_FROM_FIRST_OFFSET'
  | 'CONSUME_FROM_TIMESTAMP';

export interface PushConsumerOptions extends ClientConfig {
  consumerGroup: string;
  messageModel?: MessageModel;
  consumeFromWhere?: ConsumeFromWhere;
  /** ms since the epoch, for CONSUME_FROM_TIMESTAMP; default half an hour ago. */
  consumeTimestamp?: number;
  /** -1 means 16 (the broker's default). */
  maxReconsumeTimes?: number;
  pullBatchSize?: number;
  consumeMessageBatchMaxSize?: number;
  /** Messages held per queue before pulling pauses. */
  pullThresholdForQueue?: number;
  rebalanceIntervalMs?: number;
  /** Long-poll hold the broker is asked for. */
  suspendTimeoutMillis?: number;
  /** Listener calls in flight at once, over all queues. */
  consumeConcurrency?: number;
  /** Broadcasting offsets live under this directory (default ~/.rocketmq_offsets). */
  offsetStoreDir?: string;
  /** Orderly: wait before retrying a queue after SUSPEND_CURRENT_QUEUE_A_MOMENT. */
  suspendCurrentQueueTimeMillis?: number;
  /** shutdown() waits at most this long for running listener calls. */
  shutdownAwaitMs?: number;
  allocateMessageQueueStrategy?: AllocateMessageQueueStrategy;
}

export interface ResolvedPushConsumerOptions {
  consumerGroup: string;
  messageModel: MessageModel;
  consumeFromWhere: ConsumeFromWhere;
  consumeTimestamp: number;
  maxReconsumeTimes: number;
  pullBatchSize: number;
  consumeMessageBatchMaxSize: number;
  pullThresholdForQueue: number;
  rebalanceIntervalMs: number;
  suspendTimeoutMillis: number;
  consumeConcurrency: number;
  offsetStoreDir: string;
  suspendCurrentQueueTimeMillis: number;
  shutdownAwaitMs: number;
  allocateMessageQueueStrategy: AllocateMessageQueueStrategy;
}

export const MAX_RECONSUME_TIMES_DEFAULT = 16;
export const PULL_BATCH_SIZE_DEFAULT = 32;
export const PULL_THRESHOLD_FOR_QUEUE_DEFAULT = 1000;
export const REBALANCE_INTERVAL_MS_DEFAULT = 20_000;
export const SUSPEND_TIMEOUT_MILLIS_DEFAULT = 15_000;
export const CONSUME_CONCURRENCY_DEFAULT = 20;
export const SUSPEND_CURRENT_QUEUE_TIME_MILLIS_DEFAULT = 1_000;
export const SHUTDOWN_AWAIT_MS_DEFAULT = 10_000;
const HALF_HOUR_MS = 30 * 60 * 1000;
const PULL_BATCH_SIZE_MAX = 1024;

function integerInRange(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new MQClientError('ILLEGAL_ARGUMENT', `${name} must be an integer in [${min}, ${max}], got ${v}`);
  }
  return v;
}

export function resolvePushConsumerOptions(o: PushConsumerOptions): ResolvedPushConsumerOptions {
  validateGroup(o.consumerGroup, 'consumerGroup');
  const maxReconsumeTimes =
    o.maxReconsumeTimes === undefined || o.maxReconsumeTimes === -1
      ? MAX_RECONSUME_TIMES_DEFAULT
      : o.maxReconsumeTimes;
  return {
    consumerGroup: o.consumerGroup,
    messageModel: o.messageModel ?? 'CLUSTERING',
    consumeFromWhere: o.consumeFromWhere ?? 'CONSUME_FROM_LAST_OFFSET',
    consumeTimestamp: o.consumeTimestamp ?? Date.now() - HALF_HOUR_MS,
    maxReconsumeTimes: integerInRange(
      'maxReconsumeTimes',
      maxReconsumeTimes,
      MAX_RECONSUME_TIMES_DEFAULT,
      0,
      0x7fffffff,
    ),
    pullBatchSize: integerInRange(
      'pullBatchSize',
      o.pullBatchSize,
      PULL_BATCH_SIZE_DEFAULT,
      1,
      PULL_BATCH_SIZE_MAX,
    ),
    consumeMessageBatchMaxSize: integerInRange(
      'consumeMessageBatchMaxSize',
      o.consumeMessageBatchMaxSize,
      1,
      1,
      1024,
    ),
    pullThresholdForQueue: integerInRange(
      'pullThresholdForQueue',
      o.pullThresholdForQueue,
      PULL_THRESHOLD_FOR_QUEUE_DEFAULT,
      1,
      65535,
    ),
    rebalanceIntervalMs: positive(o.rebalanceIntervalMs, REBALANCE_INTERVAL_MS_DEFAULT),
    suspendTimeoutMillis: positive(o.suspendTimeoutMillis, SUSPEND_TIMEOUT_MILLIS_DEFAULT),
    consumeConcurrency: integerInRange(
      'consumeConcurrency',
      o.consumeConcurrency,
      CONSUME_CONCURRENCY_DEFAULT,
      1,
      1000,
    ),
    offsetStoreDir: o.offsetStoreDir ?? path.join(os.homedir(), '.rocketmq_offsets'),
    suspendCurrentQueueTimeMillis: positive(
      o.suspendCurrentQueueTimeMillis,
      SUSPEND_CURRENT_QUEUE_TIME_MILLIS_DEFAULT,
    ),
    shutdownAwaitMs: positive(o.shutdownAwaitMs, SHUTDOWN_AWAIT_MS_DEFAULT),
    allocateMessageQueueStrategy: o.allocateMessageQueueStrategy ?? allocateMessageQueueAveragely,
  };
}
