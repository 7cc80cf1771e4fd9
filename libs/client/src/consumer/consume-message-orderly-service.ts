/**
 * Orderly consumption (Java's ConsumeMessageOrderlyService): one loop per queue takes messages in
 * offset order and calls the listener with them, never two calls for one queue at a time. A
 * clustering group consumes only a queue it holds the broker lock for. SUSPEND puts the messages
 * back and retries them after suspendCurrentQueueTimeMillis; a message that reached
 * maxReconsumeTimes is sent to the retry topic (the broker then moves it to the DLQ) and skipped.
 */
import { MessageQueue } from '@rmq/protocol';
import { MessageExt } from '../message/message-ext';
import { mqKey } from '../message/message-queue';
import { ConcurrencyLimiter } from '../util/concurrency-limiter';
import { delay } from '../util/delay';
import { ConsumeService, ConsumeServiceHost } from './consume-service';
import { ConsumeOrderlyContext, ConsumeOrderlyStatus, MessageListenerOrderly } from './message-listener';
import { ProcessQueue } from './process-queue';

/** Pause before asking again for a queue lock we do not hold. */
const RELOCK_DELAY_MS = 100;

export class ConsumeMessageOrderlyService implements ConsumeService {
  private readonly limiter: ConcurrencyLimiter;
  private readonly loops = new Set<Promise<void>>();

  constructor(
    private readonly host: ConsumeServiceHost,
    private readonly listener: MessageListenerOrderly,
  ) {
    this.limiter = new ConcurrencyLimiter(host.options.consumeConcurrency);
  }

  submitConsumeRequest(_msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue): void {
    if (pq.consuming) return; // the running loop will see the new messages
    pq.consuming = true;
    const loop = this.consumeLoop(pq, mq)
      .catch((err: unknown) => this.host.instance.logger.error({ mq, err }, 'orderly consume loop failed'))
      .finally(() => {
        pq.consuming = false;
        this.loops.delete(loop);
      });
    this.loops.add(loop);
  }

  async shutdown(awaitMs: number): Promise<boolean> {
    return this.limiter.whenIdle(awaitMs);
  }

  private mustLock(): boolean {
    return this.host.options.messageModel === 'CLUSTERING';
  }

  private async consumeLoop(pq: ProcessQueue, mq: MessageQueue): Promise<void> {
    const { signal, options } = this.host;
    while (!pq.dropped && !signal.aborted) {
      if (this.mustLock() && (!pq.locked || pq.isLockExpired())) {
        const locked = await this.host.rebalance.lock([mq]);
        if (!locked.includes(mqKey(mq))) {
          await delay(RELOCK_DELAY_MS, signal);
          continue;
        }
      }
      const msgs = pq.takeMessages(options.consumeMessageBatchMaxSize);
      if (msgs.length === 0) return;
      const ctx: ConsumeOrderlyContext = {
        messageQueue: mq,
        suspendCurrentQueueTimeMillis: options.suspendCurrentQueueTimeMillis,
      };
      const status = await this.limiter.run(() => this.callListener(msgs, ctx));
      if (pq.dropped) return;
      if (status === 'SUCCESS' || (await this.sendBackExhausted(msgs, pq))) {
        const offset = pq.commit();
        if (offset >= 0) this.host.offsetStore.updateOffset(mq, offset, false);
        continue;
      }
      for (const msg of msgs) msg.reconsumeTimes += 1;
      pq.makeMessageToConsumeAgain(msgs);
      await delay(ctx.suspendCurrentQueueTimeMillis, signal);
    }
  }

  private async callListener(msgs: MessageExt[], ctx: ConsumeOrderlyContext): Promise<ConsumeOrderlyStatus> {
    try {
      const status = await this.listener(msgs, ctx);
      return status === 'SUCCESS' ? 'SUCCESS' : 'SUSPEND_CURRENT_QUEUE_A_MOMENT';
    } catch (err) {
      this.host.instance.logger.warn(
        { mq: ctx.messageQueue, err },
        'orderly listener threw; suspending the queue',
      );
      return 'SUSPEND_CURRENT_QUEUE_A_MOMENT';
    }
  }

  /**
   * After SUSPEND: if any message has been retried maxReconsumeTimes, send all of them to the retry
   * topic (a message at the limit lands in the DLQ) and report true so they are committed; if one
   * cannot be sent, false (keep retrying locally).
   */
  private async sendBackExhausted(msgs: MessageExt[], _pq: ProcessQueue): Promise<boolean> {
    const max = this.host.options.maxReconsumeTimes;
    if (!msgs.some((m) => m.reconsumeTimes >= max)) return false;
    for (const msg of msgs) {
      try {
        await this.host.sendBack.sendRetryCopy(msg, msg.reconsumeTimes);
      } catch (err) {
        this.host.instance.logger.warn(
          { msgId: msg.msgId, err },
          'orderly: sending an exhausted message back failed',
        );
        return false;
      }
    }
    return true;
  }
}
