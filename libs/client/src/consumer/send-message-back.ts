/**
 * Handing a failed message back for a later retry: CONSUMER_SEND_MSG_BACK (36) to the broker that
 * holds it (the broker re-stores it in %RETRY%<group> after a delay, or in the DLQ past
 * maxReconsumeTimes). If the broker cannot, the client sends a copy to %RETRY%<group> itself with
 * RETRY_TOPIC, RECONSUME_TIME, MAX_RECONSUME_TIMES and ORIGIN_MESSAGE_ID and delay level
 * 3 + reconsumeTimes, as Java does. Returns false when both ways failed.
 */
import { MessageConst, UniqueMessageIdGenerator } from '@rmq/protocol';
import { MQClientInstance } from '../core/mq-client-instance';
import {
  CLIENT_INNER_PRODUCER_GROUP,
  Message,
  RETRY_DELAY_LEVEL_BASE,
  retryTopicOf,
} from '../message/message';
import { MessageExt } from '../message/message-ext';
import { resolveProducerOptions } from '../producer/producer-options';
import { SendEngine } from '../producer/send-engine';
import { prepareSingle } from '../producer/send-message-builder';

const SEND_BACK_TIMEOUT_MS = 5_000;

export class MessageSendBack {
  private readonly engine: SendEngine;
  private readonly ids: UniqueMessageIdGenerator;
  private readonly producerOptions = resolveProducerOptions({
    producerGroup: CLIENT_INNER_PRODUCER_GROUP,
  });

  constructor(
    private readonly instance: MQClientInstance,
    private readonly group: string,
    private readonly maxReconsumeTimes: number,
  ) {
    this.engine = new SendEngine(instance, this.producerOptions);
    this.ids = new UniqueMessageIdGenerator({
      clientHost: instance.config.clientIp,
      pid: process.pid,
      nowMs: Date.now,
    });
  }

  /** delayLevel 0 lets the broker choose (3 + reconsumeTimes). */
  async sendMessageBack(msg: MessageExt, delayLevel: number): Promise<boolean> {
    const addr =
      (msg.brokerName === undefined ? undefined : this.instance.findBrokerAddressInPublish(msg.brokerName)) ??
      msg.storeHost;
    try {
      await this.instance.api.consumerSendMessageBack(
        addr,
        {
          offset: msg.commitLogOffset,
          group: this.group,
          delayLevel,
          originMsgId: msg.msgId,
          originTopic: msg.topic,
          unitMode: false,
          maxReconsumeTimes: this.maxReconsumeTimes,
        },
        SEND_BACK_TIMEOUT_MS,
      );
      return true;
    } catch (err) {
      this.instance.logger.warn(
        { msgId: msg.msgId, addr, err },
        'CONSUMER_SEND_MSG_BACK failed; resending to the retry topic',
      );
    }
    try {
      await this.sendRetryCopy(msg, msg.reconsumeTimes + 1);
      return true;
    } catch (err) {
      this.instance.logger.warn(
        { msgId: msg.msgId, err },
        'resending to the retry topic failed; will consume again locally',
      );
      return false;
    }
  }

  /** The client-side copy to %RETRY%<group>; reconsumeTimes is what the copy will carry. */
  async sendRetryCopy(msg: MessageExt, reconsumeTimes: number): Promise<void> {
    const properties: Record<string, string> = { ...msg.properties };
    delete properties[MessageConst.PROPERTY_TRANSACTION_PREPARED];
    delete properties[MessageConst.PROPERTY_DELAY_TIME_LEVEL];
    properties[MessageConst.PROPERTY_ORIGIN_MESSAGE_ID] =
      properties[MessageConst.PROPERTY_ORIGIN_MESSAGE_ID] ?? msg.msgId;
    properties[MessageConst.PROPERTY_RETRY_TOPIC] = msg.topic;
    properties[MessageConst.PROPERTY_RECONSUME_TIME] = String(reconsumeTimes);
    properties[MessageConst.PROPERTY_MAX_RECONSUME_TIMES] = String(this.maxReconsumeTimes);
    const copy: Message = {
      topic: retryTopicOf(this.group),
      body: msg.body,
      flag: msg.flag,
      properties,
      delayTimeLevel: RETRY_DELAY_LEVEL_BASE + msg.reconsumeTimes,
    };
    await this.engine.sendDefault(
      prepareSingle(copy, this.ids, this.producerOptions),
      'SYNC',
      SEND_BACK_TIMEOUT_MS,
    );
  }
}
