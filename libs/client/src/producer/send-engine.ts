/**
 * The send path of a producer group (Java's DefaultMQProducerImpl.sendDefaultImpl/sendKernelImpl):
 * find the topic's publish info (borrowing the createTopicKey route when the topic has none), pick
 * a queue round robin, send SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE to the broker's master, and on a
 * network error or a retriable code try again on another broker, within one overall timeout.
 * Also used without registration by consumers to resend failed messages to %RETRY% topics.
 */
import { createRequest, MessageQueue, RequestCode } from '@rmq/protocol';
import { MQClientInstance } from '../core/mq-client-instance';
import { TopicPublishInfo, topicRouteToPublishInfo } from '../core/topic-route';
import { isMQBrokerError } from '../errors/mq-broker.error';
import { MQClientError } from '../errors/mq-client.error';
import { isNetworkError } from '../errors/network-error';
import { ResolvedProducerOptions } from './producer-options';
import { buildSendHeaderV2, PreparedSend } from './send-message-builder';
import { processSendResponse, RETRY_RESPONSE_CODES, SendResult } from './send-result';

export type CommunicationMode = 'SYNC' | 'ONEWAY';

export class SendEngine {
  private readonly publishTable = new Map<string, TopicPublishInfo>();

  constructor(
    private readonly instance: MQClientInstance,
    private readonly options: ResolvedProducerOptions,
  ) {}

  publishTopics(): string[] {
    return [...this.publishTable.keys()];
  }

  updateTopicPublishInfo(topic: string, info: TopicPublishInfo): void {
    if (this.publishTable.has(topic)) this.publishTable.set(topic, info);
  }

  async findPublishInfo(topic: string): Promise<TopicPublishInfo> {
    const cached = this.publishTable.get(topic);
    if (cached?.ok === true) return cached;
    await this.instance.updateTopicRouteFromNameServer(topic);
    let info = this.publishInfoFromInstance(topic);
    if (!info.ok) {
      await this.instance.updateTopicRouteFromNameServer(topic, {
        topic: this.options.createTopicKey,
        queueNums: this.options.defaultTopicQueueNums,
      });
      info = this.publishInfoFromInstance(topic);
    }
    if (!info.ok) {
      throw new MQClientError(
        'NO_ROUTE',
        `no route info for topic ${topic} (nor for ${this.options.createTopicKey})`,
      );
    }
    this.publishTable.set(topic, info);
    return info;
  }

  private publishInfoFromInstance(topic: string): TopicPublishInfo {
    const route = this.instance.getRoute(topic);
    return route === undefined
      ? new TopicPublishInfo(topic, [], false, undefined)
      : topicRouteToPublishInfo(topic, route);
  }

  /** Round robin over queues with retries on other brokers (SYNC) or a single try (ONEWAY). */
  async sendDefault(
    prepared: PreparedSend,
    mode: CommunicationMode,
    timeoutMs: number,
  ): Promise<SendResult | undefined> {
    const startMs = Date.now();
    const info = await this.findPublishInfo(prepared.topic);
    const timesTotal = mode === 'SYNC' ? 1 + this.options.retryTimesWhenSendFailed : 1;
    let lastBrokerName: string | undefined;
    let lastError: unknown;
    let times = 0;
    for (; times < timesTotal; times += 1) {
      const mq = info.selectOneMessageQueue(lastBrokerName);
      if (mq === undefined) break;
      lastBrokerName = mq.brokerName;
      const remainingMs = timeoutMs - (Date.now() - startMs);
      if (remainingMs <= 0) {
        lastError = new MQClientError('TIMEOUT', `send to ${prepared.topic} ran out of its ${timeoutMs} ms`);
        break;
      }
      try {
        return await this.sendKernel(prepared, mq, mode, remainingMs);
      } catch (err) {
        lastError = err;
        if (!isRetriableSendError(err)) throw err;
        this.instance.logger.warn(
          { topic: prepared.topic, brokerName: mq.brokerName, err },
          'send failed; trying another broker',
        );
      }
    }
    const code = isMQBrokerError(lastError) ? lastError.responseCode : -1;
    throw new MQClientError(
      'SEND_FAILED',
      `send to ${prepared.topic} failed after ${times} attempt(s): ${describe(lastError)}`,
      {
        cause: lastError,
        responseCode: code,
        context: { topic: prepared.topic, lastBrokerName },
      },
    );
  }

  /** One send to one queue (ordered sends and retries of sendDefault). */
  async sendKernel(
    prepared: PreparedSend,
    mq: MessageQueue,
    mode: CommunicationMode,
    timeoutMs: number,
  ): Promise<SendResult | undefined> {
    let addr = this.instance.findBrokerAddressInPublish(mq.brokerName);
    if (addr === undefined) {
      await this.findPublishInfo(mq.topic);
      addr = this.instance.findBrokerAddressInPublish(mq.brokerName);
    }
    if (addr === undefined) {
      throw new MQClientError('BROKER_NOT_FOUND', `broker ${mq.brokerName} has no master address`, {
        retriable: true,
      });
    }
    const code = prepared.batch ? RequestCode.SEND_BATCH_MESSAGE : RequestCode.SEND_MESSAGE_V2;
    const header = buildSendHeaderV2(prepared, {
      producerGroup: this.options.producerGroup,
      createTopicKey: this.options.createTopicKey,
      defaultTopicQueueNums: this.options.defaultTopicQueueNums,
      queueId: mq.queueId,
      brokerName: mq.brokerName,
      bornTimestampMs: Date.now(),
    });
    const request = createRequest(code, header, prepared.body);
    if (mode === 'ONEWAY') {
      await this.instance.remoting.invokeOneway(addr, request);
      return undefined;
    }
    const response = await this.instance.remoting.invoke(addr, request, timeoutMs);
    return processSendResponse(response, addr, code, {
      topic: mq.topic,
      brokerName: mq.brokerName,
      uniqKey: prepared.uniqKey,
    });
  }
}

export function isRetriableSendError(err: unknown): boolean {
  if (isNetworkError(err)) return true;
  if (isMQBrokerError(err)) return RETRY_RESPONSE_CODES.includes(err.responseCode);
  return err instanceof MQClientError && err.code === 'BROKER_NOT_FOUND';
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
