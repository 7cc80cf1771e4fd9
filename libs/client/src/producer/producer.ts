/**
 * Producer: the public producer API (Java's DefaultMQProducer / TransactionMQProducer in one).
 *
 *   const producer = new Producer({ producerGroup: 'PG', namesrvAddr: '127.0.0.1:9876' });
 *   await producer.start();
 *   const result = await producer.send({ topic: 'T', body: Buffer.from('hi'), tags: 'a' });
 *   await producer.shutdown();
 */
import {
  CheckTransactionStateRequestHeader,
  createRequest,
  decodeOffsetMessageId,
  EndTransactionRequestHeader,
  MessageConst,
  MessageQueue,
  RequestCode,
  UniqueMessageIdGenerator,
} from '@rmq/protocol';
import { Channel } from '@rmq/remoting';
import { getOrCreateMQClientInstance } from '../core/mq-client-manager';
import { MQClientInstance, ProducerInner } from '../core/mq-client-instance';
import { TopicPublishInfo } from '../core/topic-route';
import { MQClientError } from '../errors/mq-client.error';
import { Message } from '../message/message';
import { MessageExt } from '../message/message-ext';
import { ProducerOptions, resolveProducerOptions, ResolvedProducerOptions } from './producer-options';
import { SendEngine } from './send-engine';
import { prepareBatch, prepareSingle } from './send-message-builder';
import { SendResult } from './send-result';
import {
  commitOrRollbackOf,
  LocalTransactionState,
  settleLocalState,
  TransactionListener,
  TransactionSendResult,
} from './transaction-listener';

export type MessageQueueSelector = (
  mqs: MessageQueue[],
  msg: Message,
  arg: unknown,
) => MessageQueue | undefined;

/** CHECK_TRANSACTION_STATE requests queued at once; more are dropped (the broker asks again). */
const TRANSACTION_CHECKS_PENDING_MAX = 2000;

export class Producer implements ProducerInner {
  readonly options: ResolvedProducerOptions;
  private readonly clientOptions: ProducerOptions;
  private transactionListener: TransactionListener | undefined;
  private instance: MQClientInstance | undefined;
  private engine: SendEngine | undefined;
  private ids: UniqueMessageIdGenerator | undefined;
  private state: 'created' | 'running' | 'shutdown' = 'created';
  private transactionChecksPending = 0;

  constructor(options: ProducerOptions) {
    this.clientOptions = options;
    this.options = resolveProducerOptions(options);
    this.transactionListener = options.transactionListener;
  }

  get groupName(): string {
    return this.options.producerGroup;
  }

  setTransactionListener(listener: TransactionListener): void {
    this.transactionListener = listener;
  }

  async start(): Promise<void> {
    if (this.state !== 'created')
      throw new MQClientError('ILLEGAL_STATE', `producer ${this.groupName} was already started`);
    const instance = getOrCreateMQClientInstance(this.clientOptions);
    this.engine = new SendEngine(instance, this.options);
    this.ids = new UniqueMessageIdGenerator({
      clientHost: instance.config.clientIp,
      pid: process.pid,
      nowMs: Date.now,
    });
    instance.registerProducer(this);
    this.instance = instance;
    this.state = 'running';
    await instance.sendHeartbeatToAllBrokers();
  }

  async shutdown(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'shutdown';
    await this.instance?.unregisterProducer(this.groupName);
  }

  /** Sends and waits; ordered send when a selector is given (one queue, no retry elsewhere). */
  async send(msg: Message, selector?: MessageQueueSelector, arg?: unknown): Promise<SendResult> {
    const { engine, ids } = this.running();
    const prepared = prepareSingle(msg, ids, this.options);
    if (selector !== undefined) return this.sendSelect(prepared, msg, selector, arg);
    return (await engine.sendDefault(prepared, 'SYNC', this.options.sendMsgTimeoutMs)) as SendResult;
  }

  /** Sends to the given queue, once. */
  async sendToQueue(msg: Message, mq: MessageQueue): Promise<SendResult> {
    const { engine, ids } = this.running();
    if (mq.topic !== msg.topic)
      throw new MQClientError(
        'ILLEGAL_ARGUMENT',
        `queue topic ${mq.topic} differs from message topic ${msg.topic}`,
      );
    const prepared = prepareSingle(msg, ids, this.options);
    return (await engine.sendKernel(prepared, mq, 'SYNC', this.options.sendMsgTimeoutMs)) as SendResult;
  }

  /** Fire and forget: resolves once the request is written; no retry, no result. */
  async sendOneway(msg: Message): Promise<void> {
    const { engine, ids } = this.running();
    await engine.sendDefault(prepareSingle(msg, ids, this.options), 'ONEWAY', this.options.sendMsgTimeoutMs);
  }

  /** SEND_BATCH_MESSAGE: all messages of one topic in one request and one queue. */
  async sendBatch(msgs: readonly Message[]): Promise<SendResult> {
    const { engine, ids } = this.running();
    const prepared = prepareBatch(msgs, ids, this.options);
    return (await engine.sendDefault(prepared, 'SYNC', this.options.sendMsgTimeoutMs)) as SendResult;
  }

  /** Queues that sends to topic may use (for selectors chosen up front). */
  async fetchPublishMessageQueues(topic: string): Promise<MessageQueue[]> {
    return [...(await this.running().engine.findPublishInfo(topic)).messageQueueList];
  }

  private async sendSelect(
    prepared: ReturnType<typeof prepareSingle>,
    msg: Message,
    selector: MessageQueueSelector,
    arg: unknown,
  ): Promise<SendResult> {
    const { engine } = this.running();
    const startMs = Date.now();
    const info = await engine.findPublishInfo(msg.topic);
    const mq = selector([...info.messageQueueList], msg, arg);
    if (mq === undefined)
      throw new MQClientError('ILLEGAL_ARGUMENT', 'the selector returned no message queue');
    const remainingMs = this.options.sendMsgTimeoutMs - (Date.now() - startMs);
    if (remainingMs <= 0) throw new MQClientError('TIMEOUT', 'ordered send ran out of time before sending');
    return (await engine.sendKernel(prepared, mq, 'SYNC', remainingMs)) as SendResult;
  }

  /**
   * Half message (TRAN_MSG=true, PGROUP), then the local transaction, then END_TRANSACTION with
   * its outcome. A half message that was not stored SEND_OK is rolled back without running it.
   */
  async sendMessageInTransaction(msg: Message, arg?: unknown): Promise<TransactionSendResult> {
    const { engine, ids } = this.running();
    const listener = this.transactionListener;
    if (listener === undefined)
      throw new MQClientError('ILLEGAL_STATE', 'sendMessageInTransaction needs a transactionListener');
    const half: Message = {
      ...msg,
      delayTimeLevel: 0, // a delay would hide the half message from the check; Java drops it too
      properties: {
        ...msg.properties,
        [MessageConst.PROPERTY_TRANSACTION_PREPARED]: 'true',
        [MessageConst.PROPERTY_PRODUCER_GROUP]: this.groupName,
      },
    };
    const prepared = prepareSingle(half, ids, this.options);
    const sendResult = (await engine.sendDefault(
      prepared,
      'SYNC',
      this.options.sendMsgTimeoutMs,
    )) as SendResult;
    let outcome: { state: LocalTransactionState; error?: unknown } = { state: 'ROLLBACK_MESSAGE' };
    if (sendResult.sendStatus === 'SEND_OK') {
      const transactionId = sendResult.transactionId ?? sendResult.msgId;
      outcome = await settleLocalState(() =>
        listener.executeLocalTransaction({ ...half, msgId: sendResult.msgId, transactionId }, arg),
      );
    }
    try {
      await this.endTransaction(sendResult, outcome.state, outcome.error);
    } catch (err) {
      // The broker will ask again (CHECK_TRANSACTION_STATE); the send itself did succeed.
      this.instance?.logger.warn({ err, msgId: sendResult.msgId }, 'END_TRANSACTION failed');
    }
    return { ...sendResult, localTransactionState: outcome.state };
  }

  private async endTransaction(
    result: SendResult,
    state: LocalTransactionState,
    error: unknown,
  ): Promise<void> {
    const instance = this.running().instance;
    const { commitLogOffset } = decodeOffsetMessageId(result.offsetMsgId);
    const addr = instance.findBrokerAddressInPublish(result.messageQueue.brokerName);
    if (addr === undefined)
      throw new MQClientError('BROKER_NOT_FOUND', `no master for ${result.messageQueue.brokerName}`);
    const header: EndTransactionRequestHeader = {
      producerGroup: this.groupName,
      tranStateTableOffset: result.queueOffset,
      commitLogOffset,
      commitOrRollback: commitOrRollbackOf(state),
      fromTransactionCheck: false,
      msgId: result.msgId,
      transactionId: result.transactionId ?? result.msgId,
    };
    const remark =
      error === undefined ? undefined : `executeLocalTransactionBranch exception: ${String(error)}`;
    await instance.api.endTransactionOneway(addr, header, remark);
  }

  // ---- ProducerInner ----------------------------------------------------------------------

  publishTopics(): string[] {
    return this.engine?.publishTopics() ?? [];
  }

  updateTopicPublishInfo(topic: string, info: TopicPublishInfo): void {
    this.engine?.updateTopicPublishInfo(topic, info);
  }

  /** CHECK_TRANSACTION_STATE: ask the listener, answer END_TRANSACTION on the asking connection. */
  checkTransactionState(channel: Channel, header: CheckTransactionStateRequestHeader, msg: MessageExt): void {
    const listener = this.transactionListener;
    if (listener === undefined || this.transactionChecksPending >= TRANSACTION_CHECKS_PENDING_MAX) return;
    this.transactionChecksPending += 1;
    void settleLocalState(() => listener.checkLocalTransaction(msg))
      .then(({ state, error }) => {
        const answer: EndTransactionRequestHeader = {
          producerGroup: this.groupName,
          tranStateTableOffset: header.tranStateTableOffset,
          commitLogOffset: header.commitLogOffset,
          commitOrRollback: commitOrRollbackOf(state),
          fromTransactionCheck: true,
          msgId: msg.properties[MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? msg.msgId,
        };
        if (header.transactionId !== undefined) answer.transactionId = header.transactionId;
        const request = createRequest(
          RequestCode.END_TRANSACTION,
          EndTransactionRequestHeader.encode(answer),
        );
        if (error !== undefined) request.remark = `checkLocalTransaction exception: ${String(error)}`;
        channel.invokeOneway(request);
      })
      .catch((err: unknown) =>
        this.instance?.logger.warn({ err }, 'answering CHECK_TRANSACTION_STATE failed'),
      )
      .finally(() => {
        this.transactionChecksPending -= 1;
      });
  }

  private running(): { instance: MQClientInstance; engine: SendEngine; ids: UniqueMessageIdGenerator } {
    if (
      this.state !== 'running' ||
      this.instance === undefined ||
      this.engine === undefined ||
      this.ids === undefined
    ) {
      throw new MQClientError(
        'ILLEGAL_STATE',
        `producer ${this.groupName} is not running (state ${this.state})`,
      );
    }
    return { instance: this.instance, engine: this.engine, ids: this.ids };
  }
}
