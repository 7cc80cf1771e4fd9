/**
 * What a push consumer calls with the messages it pulled. A listener that throws counts as
 * RECONSUME_LATER (concurrently) or SUSPEND_CURRENT_QUEUE_A_MOMENT (orderly).
 */
import { MessageQueue } from '@rmq/protocol';
import { MessageExt } from '../message/message-ext';

export type ConsumeConcurrentlyStatus = 'CONSUME_SUCCESS' | 'RECONSUME_LATER';

export interface ConsumeConcurrentlyContext {
  readonly messageQueue: MessageQueue;
  /** 0: the broker picks 3 + reconsumeTimes; -1: straight to the DLQ; n: that delay level. */
  delayLevelWhenNextConsume: number;
  /** With CONSUME_SUCCESS, messages after this index are treated as failed. */
  ackIndex: number;
}

export type MessageListenerConcurrently = (
  msgs: MessageExt[],
  ctx: ConsumeConcurrentlyContext,
) => Promise<ConsumeConcurrentlyStatus> | ConsumeConcurrentlyStatus;

export type ConsumeOrderlyStatus = 'SUCCESS' | 'SUSPEND_CURRENT_QUEUE_A_MOMENT';

export interface ConsumeOrderlyContext {
  readonly messageQueue: MessageQueue;
  /** How long the queue pauses after SUSPEND_CURRENT_QUEUE_A_MOMENT; the listener may change it. */
  suspendCurrentQueueTimeMillis: number;
}

export type MessageListenerOrderly = (
  msgs: MessageExt[],
  ctx: ConsumeOrderlyContext,
) => Promise<ConsumeOrderlyStatus> | ConsumeOrderlyStatus;
