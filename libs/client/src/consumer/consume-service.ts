/** What the consume services need from their push consumer. */
import { MessageQueue } from '@rmq/protocol';
import { MQClientInstance } from '../core/mq-client-instance';
import { MessageExt } from '../message/message-ext';
import { OffsetStore } from './offset-store';
import { ProcessQueue } from './process-queue';
import { ResolvedPushConsumerOptions } from './push-consumer-options';
import { RebalanceImpl } from './rebalance-impl';
import { MessageSendBack } from './send-message-back';

export interface ConsumeServiceHost {
  readonly options: ResolvedPushConsumerOptions;
  readonly instance: MQClientInstance;
  readonly offsetStore: OffsetStore;
  readonly sendBack: MessageSendBack;
  readonly rebalance: RebalanceImpl;
  /** Aborts when the consumer shuts down: every wait of a service ends then. */
  readonly signal: AbortSignal;
}

export interface ConsumeService {
  /** Messages just put into pq; consume them. */
  submitConsumeRequest(msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue): void;
  /** Waits (at most awaitMs) for running listener calls; true if they all finished. */
  shutdown(awaitMs: number): Promise<boolean>;
}
