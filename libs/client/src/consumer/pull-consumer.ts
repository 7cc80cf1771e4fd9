/**
 * PullConsumer (Java's DefaultMQPullConsumer): the application chooses queues and offsets itself.
 * The client only pulls, tracks offsets the application reports (persisted to the broker every
 * persistConsumerOffsetIntervalMs and at shutdown) and answers offset questions.
 *
 *   const consumer = new PullConsumer({ consumerGroup: 'CG', namesrvAddr: '127.0.0.1:9876' });
 *   await consumer.start();
 *   const [mq] = await consumer.fetchSubscribeMessageQueues('T');
 *   const result = await consumer.pull(mq, '*', 0, 32);
 */
import { buildPullSysFlag, buildSubscriptionData, ConsumerData, MessageQueue } from '@rmq/protocol';
import { ClientConfig, positive } from '../core/client-config';
import { getOrCreateMQClientInstance } from '../core/mq-client-manager';
import { ConsumerInner, MQClientInstance } from '../core/mq-client-instance';
import { MASTER_ID, topicRouteToSubscribeInfo } from '../core/topic-route';
import { MQClientError } from '../errors/mq-client.error';
import { validateGroup, validateTopic } from '../message/message';
import { RepeatingTask } from '../util/delay';
import { LocalFileOffsetStore } from './local-file-offset-store';
import { RemoteBrokerOffsetStore } from './offset-store';
import { PullAPIWrapper, PullResult } from './pull-api-wrapper';
import { MessageModel } from './push-consumer-options';

export interface PullConsumerOptions extends ClientConfig {
  consumerGroup: string;
  messageModel?: MessageModel;
  /** Topics announced in heartbeats (the broker lists them as this group's subscriptions). */
  registerTopics?: string[];
  /** Timeout of pull(). */
  consumerPullTimeoutMs?: number;
  /** Broker hold of pullBlockIfNotFound(). */
  brokerSuspendMaxTimeMs?: number;
  /** Socket timeout of pullBlockIfNotFound(); must exceed brokerSuspendMaxTimeMs. */
  consumerTimeoutMsWhenSuspend?: number;
  /** For BROADCASTING offsets. */
  offsetStoreDir?: string;
}

const MAX_NUMS_MAX = 1024;

export class PullConsumer implements ConsumerInner {
  private readonly clientOptions: PullConsumerOptions;
  private readonly pullTimeoutMs: number;
  private readonly suspendMs: number;
  private readonly suspendTimeoutMs: number;
  private running_:
    | {
        instance: MQClientInstance;
        offsetStore: RemoteBrokerOffsetStore | LocalFileOffsetStore;
        pullApi: PullAPIWrapper;
      }
    | undefined;
  private persistTask: RepeatingTask | undefined;
  private state: 'created' | 'running' | 'shutdown' = 'created';

  constructor(options: PullConsumerOptions) {
    validateGroup(options.consumerGroup, 'consumerGroup');
    this.clientOptions = options;
    this.pullTimeoutMs = positive(options.consumerPullTimeoutMs, 10_000);
    this.suspendMs = positive(options.brokerSuspendMaxTimeMs, 20_000);
    this.suspendTimeoutMs = positive(options.consumerTimeoutMsWhenSuspend, 30_000);
    if (this.suspendTimeoutMs <= this.suspendMs) {
      throw new MQClientError(
        'ILLEGAL_ARGUMENT',
        'consumerTimeoutMsWhenSuspend must exceed brokerSuspendMaxTimeMs',
      );
    }
  }

  get groupName(): string {
    return this.clientOptions.consumerGroup;
  }

  async start(): Promise<void> {
    if (this.state !== 'created')
      throw new MQClientError('ILLEGAL_STATE', `consumer ${this.groupName} was already started`);
    const instance = getOrCreateMQClientInstance(this.clientOptions);
    const offsetStore =
      this.clientOptions.messageModel === 'BROADCASTING'
        ? new LocalFileOffsetStore(
            this.clientOptions.offsetStoreDir ?? '.rocketmq_offsets',
            instance.clientId,
            this.groupName,
          )
        : new RemoteBrokerOffsetStore(instance, this.groupName);
    await offsetStore.load();
    this.running_ = { instance, offsetStore, pullApi: new PullAPIWrapper(instance, this.groupName) };
    instance.registerConsumer(this);
    this.state = 'running';
    this.persistTask = new RepeatingTask(
      instance.config.persistConsumerOffsetIntervalMs,
      () => this.persistAll(),
      (err) => instance.logger.warn({ err }, 'offset persist failed'),
    );
    this.persistTask.start();
    await instance.sendHeartbeatToAllBrokers();
  }

  async shutdown(): Promise<void> {
    if (this.state !== 'running' || this.running_ === undefined) return;
    this.state = 'shutdown';
    this.persistTask?.stop();
    await this.persistAll().catch(() => undefined);
    await this.running_.instance.unregisterConsumer(this.groupName);
  }

  /** Readable queues of topic, from a fresh route. */
  async fetchSubscribeMessageQueues(topic: string): Promise<MessageQueue[]> {
    validateTopic(topic);
    const { instance } = this.requireRunning();
    await instance.updateTopicRouteFromNameServer(topic);
    const route = instance.getRoute(topic);
    const mqs = route === undefined ? [] : topicRouteToSubscribeInfo(topic, route);
    if (mqs.length === 0) throw new MQClientError('NO_ROUTE', `no readable queues for topic ${topic}`);
    return mqs;
  }

  /** One pull that returns at once (NO_NEW_MSG when nothing is there). */
  pull(mq: MessageQueue, subExpression: string, offset: number, maxNums: number): Promise<PullResult> {
    return this.pullSync(mq, subExpression, offset, maxNums, false);
  }

  /** One pull the broker holds (up to brokerSuspendMaxTimeMs) until a message arrives. */
  pullBlockIfNotFound(
    mq: MessageQueue,
    subExpression: string,
    offset: number,
    maxNums: number,
  ): Promise<PullResult> {
    return this.pullSync(mq, subExpression, offset, maxNums, true);
  }

  private pullSync(
    mq: MessageQueue,
    subExpression: string,
    offset: number,
    maxNums: number,
    block: boolean,
  ): Promise<PullResult> {
    const { pullApi } = this.requireRunning();
    if (!Number.isInteger(offset) || offset < 0)
      throw new MQClientError('ILLEGAL_ARGUMENT', `offset must be >= 0, got ${offset}`);
    if (!Number.isInteger(maxNums) || maxNums < 1 || maxNums > MAX_NUMS_MAX) {
      throw new MQClientError('ILLEGAL_ARGUMENT', `maxNums must be in [1, ${MAX_NUMS_MAX}], got ${maxNums}`);
    }
    return pullApi.pullKernel({
      mq,
      subscription: buildSubscriptionData(mq.topic, subExpression, Date.now()),
      offset,
      maxNums,
      sysFlag: buildPullSysFlag({ suspend: block, subscription: true }),
      commitOffset: 0,
      suspendTimeoutMs: block ? this.suspendMs : 0,
      timeoutMs: block ? this.suspendTimeoutMs : this.pullTimeoutMs,
    });
  }

  updateConsumeOffset(mq: MessageQueue, offset: number): void {
    this.requireRunning().offsetStore.updateOffset(mq, offset, false);
  }

  /** The committed offset (-1 if none); fromStore asks the broker even when one is cached. */
  fetchConsumeOffset(mq: MessageQueue, fromStore: boolean): Promise<number> {
    return this.requireRunning().offsetStore.readOffset(mq, fromStore ? 'STORE' : 'MEMORY_FIRST_THEN_STORE');
  }

  async maxOffset(mq: MessageQueue): Promise<number> {
    const { instance } = this.requireRunning();
    return instance.api.getMaxOffset(await this.masterOf(mq), mq);
  }

  async minOffset(mq: MessageQueue): Promise<number> {
    const { instance } = this.requireRunning();
    return instance.api.getMinOffset(await this.masterOf(mq), mq);
  }

  async searchOffset(mq: MessageQueue, timestampMs: number): Promise<number> {
    const { instance } = this.requireRunning();
    return instance.api.searchOffset(await this.masterOf(mq), mq, timestampMs);
  }

  async earliestMsgStoreTime(mq: MessageQueue): Promise<number> {
    const { instance } = this.requireRunning();
    return instance.api.getEarliestMsgStoretime(await this.masterOf(mq), mq);
  }

  // ---- ConsumerInner ----------------------------------------------------------------------

  consumerData(): ConsumerData {
    return {
      groupName: this.groupName,
      consumeType: 'CONSUME_ACTIVELY',
      messageModel: this.clientOptions.messageModel ?? 'CLUSTERING',
      consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
      subscriptionDataSet: (this.clientOptions.registerTopics ?? []).map((t) =>
        buildSubscriptionData(t, '*', 0),
      ),
      unitMode: false,
    };
  }

  subscribedTopics(): string[] {
    return this.clientOptions.registerTopics ?? [];
  }

  updateTopicSubscribeInfo(): void {
    // The application picks queues itself.
  }

  rebalanceNow(): void {
    // Pull consumers do not rebalance.
  }

  private async persistAll(): Promise<void> {
    const store = this.running_?.offsetStore;
    if (store === undefined) return;
    await store.persistAll([...store.table.entries.values()].map((e) => e.mq));
  }

  private async masterOf(mq: MessageQueue): Promise<string> {
    const { instance } = this.requireRunning();
    let found = instance.findBrokerAddressInSubscribe(mq.brokerName, MASTER_ID, true);
    if (found === undefined) {
      await instance.updateTopicRouteFromNameServer(mq.topic);
      found = instance.findBrokerAddressInSubscribe(mq.brokerName, MASTER_ID, false);
    }
    if (found === undefined)
      throw new MQClientError('BROKER_NOT_FOUND', `broker ${mq.brokerName} is not known`);
    return found.addr;
  }

  private requireRunning(): NonNullable<PullConsumer['running_']> {
    if (this.state !== 'running' || this.running_ === undefined) {
      throw new MQClientError('ILLEGAL_STATE', `pull consumer ${this.groupName} is not running`);
    }
    return this.running_;
  }
}
