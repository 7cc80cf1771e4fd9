/**
 * Process-test support: steady send load on one broker from several concurrent senders, each its
 * own connection with a bounded window of requests in flight, recording every message the broker
 * acknowledged (SUCCESS) with the queueId and queueOffset it answered. Meant to run while a test
 * kills or stops the broker: a failed send is counted, never retried, and ends its window slot;
 * stop() ends the load.
 */
import { ResponseCode } from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { sendMessageV2 } from './broker-requests';

export interface AckedMessage {
  key: string;
  queueId: number;
  queueOffset: number;
}

export interface SendLoadOptions {
  brokerAddr: string;
  topic: string;
  queueNums: number;
  senders: number;
  /** Requests in flight per sender. */
  windowSize: number;
  /** Upper bound of messages per sender (the load ends there even if nobody stops it). */
  messagesPerSenderMax: number;
  timeoutMs?: number;
}

export class SendLoad {
  readonly acked: AckedMessage[] = [];
  failures = 0;
  /** Answers other than SUCCESS (a healthy broker under load should give none). */
  readonly refusals: Array<{ code: number; remark?: string }> = [];
  private stopped = false;
  private readonly clients: RemotingClient[] = [];
  private readonly done: Promise<void>;

  constructor(private readonly options: SendLoadOptions) {
    const runs: Promise<void>[] = [];
    for (let s = 0; s < options.senders; s += 1) {
      const client = new RemotingClient();
      this.clients.push(client);
      for (let w = 0; w < options.windowSize; w += 1) runs.push(this.run(client, s, w));
    }
    this.done = Promise.all(runs).then(() => undefined);
  }

  /** One slot of a sender's window: sends keys `s<sender>-<n>` for n ≡ slot (mod windowSize). */
  private async run(client: RemotingClient, sender: number, slot: number): Promise<void> {
    const { topic, queueNums, windowSize, messagesPerSenderMax, brokerAddr } = this.options;
    for (let n = slot; n < messagesPerSenderMax && !this.stopped; n += windowSize) {
      const key = `s${sender}-${n}`;
      const queueId = n % queueNums;
      try {
        const result = await sendMessageV2(
          client,
          brokerAddr,
          { topic, queueId, keys: key, tags: 'Load', body: Buffer.from(`payload of ${key}`) },
          this.options.timeoutMs ?? 10_000,
        );
        if (result.code === ResponseCode.SUCCESS && result.header !== undefined) {
          this.acked.push({ key, queueId: result.header.queueId, queueOffset: result.header.queueOffset });
        } else {
          this.refusals.push(
            result.remark === undefined
              ? { code: result.code }
              : { code: result.code, remark: result.remark },
          );
        }
      } catch {
        // The broker is gone or not answering: this slot ends (no retry, no reconnect storm).
        this.failures += 1;
        return;
      }
    }
  }

  /** Ends the load (in-flight sends finish or fail) and closes the connections. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
    await Promise.all(this.clients.map((c) => c.close()));
  }

  /** Resolves when every sender finished on its own (messagesPerSenderMax reached). */
  finished(): Promise<void> {
    return this.done;
  }
}
