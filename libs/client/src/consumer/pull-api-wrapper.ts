/**
 * One PULL_MESSAGE (Java's PullAPIWrapper): picks the broker address the last answer suggested
 * (master unless told otherwise), clears COMMIT_OFFSET when that is a slave, maps the answer to a
 * PullStatus (0 FOUND, 19 NO_NEW_MSG, 20 NO_MATCHED_MSG, 21 OFFSET_ILLEGAL; anything else throws),
 * decodes the records and filters them on the tag strings, since the broker only compares hashes.
 */
import {
  clearCommitOffsetFlag,
  createRequest,
  MessageConst,
  MessageQueue,
  PullMessageRequestHeader,
  PullMessageResponseHeader,
  RequestCode,
  ResponseCode,
  SubscriptionData,
} from '@rmq/protocol';
import { MQClientInstance } from '../core/mq-client-instance';
import { MASTER_ID } from '../core/topic-route';
import { MQBrokerError } from '../errors/mq-broker.error';
import { MQClientError } from '../errors/mq-client.error';
import { decodeMessageExts, MessageExt } from '../message/message-ext';
import { mqKey } from '../message/message-queue';

export type PullStatus = 'FOUND' | 'NO_NEW_MSG' | 'NO_MATCHED_MSG' | 'OFFSET_ILLEGAL';

export interface PullResult {
  pullStatus: PullStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  msgFoundList: MessageExt[];
}

export interface PullKernelRequest {
  mq: MessageQueue;
  subscription: SubscriptionData;
  offset: number;
  maxNums: number;
  sysFlag: number;
  commitOffset: number;
  suspendTimeoutMs: number;
  timeoutMs: number;
}

const STATUS_BY_CODE = new Map<number, PullStatus>([
  [ResponseCode.SUCCESS, 'FOUND'],
  [ResponseCode.PULL_NOT_FOUND, 'NO_NEW_MSG'],
  [ResponseCode.PULL_RETRY_IMMEDIATELY, 'NO_MATCHED_MSG'],
  [ResponseCode.PULL_OFFSET_MOVED, 'OFFSET_ILLEGAL'],
]);

/** Bound on remembered per-queue broker suggestions (queues a client reads are few). */
const SUGGESTIONS_MAX = 65_536;

export class PullAPIWrapper {
  private readonly pullFromWhichNode = new Map<string, number>();

  constructor(
    private readonly instance: MQClientInstance,
    private readonly consumerGroup: string,
  ) {}

  async pullKernel(req: PullKernelRequest): Promise<PullResult> {
    const { addr, slave } = await this.brokerFor(req.mq);
    const header = PullMessageRequestHeader.encode({
      consumerGroup: this.consumerGroup,
      topic: req.mq.topic,
      queueId: req.mq.queueId,
      queueOffset: req.offset,
      maxMsgNums: req.maxNums,
      sysFlag: slave ? clearCommitOffsetFlag(req.sysFlag) : req.sysFlag,
      commitOffset: req.commitOffset,
      suspendTimeoutMillis: req.suspendTimeoutMs,
      subscription: req.subscription.subString,
      subVersion: req.subscription.subVersion,
      expressionType: req.subscription.expressionType,
    });
    const response = await this.instance.remoting.invoke(
      addr,
      createRequest(RequestCode.PULL_MESSAGE, header),
      req.timeoutMs,
    );
    const pullStatus = STATUS_BY_CODE.get(response.code);
    if (pullStatus === undefined)
      throw new MQBrokerError(response.code, response.remark, addr, RequestCode.PULL_MESSAGE);
    const h = PullMessageResponseHeader.decode(response.extFields);
    this.updatePullFromWhichNode(req.mq, h.suggestWhichBrokerId);
    const result: PullResult = {
      pullStatus,
      nextBeginOffset: h.nextBeginOffset,
      minOffset: h.minOffset,
      maxOffset: h.maxOffset,
      msgFoundList: [],
    };
    if (pullStatus === 'FOUND') result.msgFoundList = this.processFound(req, response.body, h);
    return result;
  }

  private processFound(
    req: PullKernelRequest,
    body: Buffer | undefined,
    h: { minOffset: number; maxOffset: number },
  ): MessageExt[] {
    const sub = req.subscription;
    const filterTags = sub.tagsSet.length > 0 && !sub.classFilterMode;
    const msgs = decodeMessageExts(body).filter(
      (m) => !filterTags || (m.tags !== undefined && sub.tagsSet.includes(m.tags)),
    );
    for (const msg of msgs) {
      msg.brokerName = req.mq.brokerName;
      msg.properties[MessageConst.PROPERTY_MIN_OFFSET] = String(h.minOffset);
      msg.properties[MessageConst.PROPERTY_MAX_OFFSET] = String(h.maxOffset);
      if (msg.properties[MessageConst.PROPERTY_TRANSACTION_PREPARED] === 'true') {
        msg.transactionId = msg.properties[MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? msg.msgId;
      }
    }
    return msgs;
  }

  private updatePullFromWhichNode(mq: MessageQueue, brokerId: number): void {
    if (this.pullFromWhichNode.size >= SUGGESTIONS_MAX) this.pullFromWhichNode.clear();
    this.pullFromWhichNode.set(mqKey(mq), brokerId);
  }

  private async brokerFor(mq: MessageQueue): Promise<{ addr: string; slave: boolean }> {
    const brokerId = this.pullFromWhichNode.get(mqKey(mq)) ?? MASTER_ID;
    let found = this.instance.findBrokerAddressInSubscribe(mq.brokerName, brokerId, false);
    if (found === undefined) {
      await this.instance.updateTopicRouteFromNameServer(mq.topic);
      found = this.instance.findBrokerAddressInSubscribe(mq.brokerName, brokerId, false);
    }
    if (found === undefined)
      throw new MQClientError('BROKER_NOT_FOUND', `broker ${mq.brokerName} is not known`, {
        retriable: true,
      });
    return found;
  }
}
