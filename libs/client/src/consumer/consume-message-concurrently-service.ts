/**
 * Concurrent consumption (Java's ConsumeMessageConcurrentlyService): pulled messages are cut into
 * consumeMessageBatchMaxSize batches and handed to the listener, at most consumeConcurrency calls
 * at once. Failed messages of a clustering group are sent back for retry; those that cannot be
 * sent back stay in the process queue and are consumed again here after a pause. The offset
 * advances only to the smallest message still in flight.
 */
import { MessageQueue } from '@rmq/protocol';
import { MessageExt } from '../message/message-ext';
import { ConcurrencyLimiter } from '../util/concurrency-limiter';
import { delay } from '../util/delay';
import { ConsumeService, ConsumeServiceHost } from './consume-service';
import {
  ConsumeConcurrentlyContext,
  ConsumeConcurrentlyStatus,
  MessageListenerConcurrently,
} from './message-listener';
import { ProcessQueue } from './process-queue';

/** Java waits 5 s before consuming locally a message it could not send back. */
const CONSUME_LATER_DELAY_MS = 5_000;

export class ConsumeMessageConcurrentlyService implements ConsumeService {
  private readonly limiter: ConcurrencyLimiter;

  constructor(
    private readonly host: ConsumeServiceHost,
    private readonly listener: MessageListenerConcurrently,
  ) {
    this.limiter = new ConcurrencyLimiter(host.options.consumeConcurrency);
  }

  submitConsumeRequest(msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue): void {
    const size = this.host.options.consumeMessageBatchMaxSize;
    for (let i = 0; i < msgs.length; i += size) {
      void this.consume(msgs.slice(i, i + size), pq, mq);
    }
  }

  shutdown(awaitMs: number): Promise<boolean> {
    return this.limiter.whenIdle(awaitMs);
  }

  private async consume(msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue): Promise<void> {
    const logger = this.host.instance.logger;
    try {
      await this.limiter.run(async () => {
        if (pq.dropped || this.host.signal.aborted) return;
        const ctx: ConsumeConcurrentlyContext = {
          messageQueue: mq,
          delayLevelWhenNextConsume: 0,
          ackIndex: Number.MAX_SAFE_INTEGER,
        };
        let status: ConsumeConcurrentlyStatus;
        try {
          status = await this.listener(msgs, ctx);
        } catch (err) {
          logger.warn({ mq, err }, 'message listener threw; RECONSUME_LATER');
          status = 'RECONSUME_LATER';
        }
        if (status !== 'CONSUME_SUCCESS' && status !== 'RECONSUME_LATER') status = 'RECONSUME_LATER';
        await this.processConsumeResult(status, ctx, msgs, pq, mq);
      });
    } catch (err) {
      logger.error({ mq, err }, 'processing a consume result failed');
    }
  }

  private async processConsumeResult(
    status: ConsumeConcurrentlyStatus,
    ctx: ConsumeConcurrentlyContext,
    msgs: MessageExt[],
    pq: ProcessQueue,
    mq: MessageQueue,
  ): Promise<void> {
    if (pq.dropped) return; // the queue moved to another client; its new owner redoes these
    const ackIndex = status === 'CONSUME_SUCCESS' ? Math.min(ctx.ackIndex, msgs.length - 1) : -1;
    const failed = msgs.slice(ackIndex + 1);
    const keep: MessageExt[] = [];
    if (failed.length > 0 && this.host.options.messageModel === 'CLUSTERING') {
      for (const msg of failed) {
        if (!(await this.host.sendBack.sendMessageBack(msg, ctx.delayLevelWhenNextConsume))) {
          msg.reconsumeTimes += 1;
          keep.push(msg);
        }
      }
    } else if (failed.length > 0) {
      this.host.instance.logger.warn(
        { mq, count: failed.length },
        'broadcasting: failed messages are dropped, as in Java',
      );
    }
    const done = keep.length === 0 ? msgs : msgs.filter((m) => !keep.includes(m));
    const offset = pq.removeMessages(done);
    if (offset >= 0 && !pq.dropped) this.host.offsetStore.updateOffset(mq, offset, true);
    if (keep.length > 0) void this.consumeLater(keep, pq, mq);
  }

  private async consumeLater(msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue): Promise<void> {
    await delay(CONSUME_LATER_DELAY_MS, this.host.signal);
    if (!this.host.signal.aborted && !pq.dropped) this.submitConsumeRequest(msgs, pq, mq);
  }
}
