/**
 * PushConsumer (Java's DefaultMQPushConsumer): subscribes, rebalances queues with the group, pulls
 * each owned queue in a long-poll loop and hands messages to the listener.
 *
 *   const consumer = new PushConsumer({ consumerGroup: 'CG', namesrvAddr: '127.0.0.1:9876' });
 *   consumer.subscribe('T', 'TagA || TagB');
 *   consumer.registerMessageListener(async (msgs) => 'CONSUME_SUCCESS');
 *   await consumer.start();
 */
import {
  buildPullSysFlag,
  buildSubscriptionData,
  ConsumerData,
  MessageConst,
  MessageQueue,
  SubscriptionData,
} from '@rmq/protocol';
import { setMaxListeners } from 'node:events';
import { getOrCreateMQClientInstance } from '../core/mq-client-manager';
import { ConsumerInner, MQClientInstance } from '../core/mq-client-instance';
import { MQClientError } from '../errors/mq-client.error';
import { isRetryTopic, retryTopicOf, validateTopic } from '../message/message';
import { MessageExt } from '../message/message-ext';
import { delay, RepeatingTask, unlessAborted } from '../util/delay';
import { ConsumeMessageConcurrentlyService } from './consume-message-concurrently-service';
import { ConsumeMessageOrderlyService } from './consume-message-orderly-service';
import { ConsumeService } from './consume-service';
import { LocalFileOffsetStore } from './local-file-offset-store';
import { MessageListenerConcurrently, MessageListenerOrderly } from './message-listener';
import { OffsetStore, RemoteBrokerOffsetStore } from './offset-store';
import { PullAPIWrapper, PullResult } from './pull-api-wrapper';
import {
  PushConsumerOptions,
  resolvePushConsumerOptions,
  ResolvedPushConsumerOptions,
} from './push-consumer-options';
import { PullRequest, RebalanceImpl } from './rebalance-impl';
import { MessageSendBack } from './send-message-back';

/** Java's pull pacing: pause when a queue holds too much, or after a failed pull. */
const PULL_DELAY_MS_WHEN_FLOW_CONTROL = 50;
const PULL_DELAY_MS_WHEN_EXCEPTION = 3_000;
/** Socket timeout of a long-polling pull (Java CONSUMER_TIMEOUT_MILLIS_WHEN_SUSPEND). */
const PULL_TIMEOUT_MS_WHEN_SUSPEND = 30_000;
/** Orderly groups renew their queue locks this often. */
const LOCK_RENEW_INTERVAL_MS = 20_000;

/** One pull and one wait per queue listen for shutdown at once; more than this means a leak. */
const ABORT_LISTENERS_MAX = 100_000;

function abortControllerFor(listenersMax: number): AbortController {
  const controller = new AbortController();
  setMaxListeners(listenersMax, controller.signal);
  return controller;
}

export class PushConsumer implements ConsumerInner {
  readonly options: ResolvedPushConsumerOptions;
  private readonly clientOptions: PushConsumerOptions;
  private readonly subscriptions = new Map<string, SubscriptionData>();
  private listener:
    | { concurrently: MessageListenerConcurrently }
    | { orderly: MessageListenerOrderly }
    | undefined;
  private state: 'created' | 'running' | 'shutdown' = 'created';
  /** Aborted at shutdown; every pull and wait of every queue listens to it (hence the raised cap). */
  private abort = abortControllerFor(ABORT_LISTENERS_MAX);
  private running_: Running | undefined;
  private rebalancing: Promise<void> | undefined;
  private rebalanceAgain = false;
  private readonly tasks: RepeatingTask[] = [];

  constructor(options: PushConsumerOptions) {
    this.clientOptions = options;
    this.options = resolvePushConsumerOptions(options);
  }

  get groupName(): string {
    return this.options.consumerGroup;
  }

  get orderly(): boolean {
    return this.listener !== undefined && 'orderly' in this.listener;
  }

  /** subExpression: `*` or `tagA || tagB`. May be called before or after start(). */
  subscribe(topic: string, subExpression = '*'): void {
    validateTopic(topic);
    this.subscriptions.set(topic, buildSubscriptionData(topic, subExpression, Date.now()));
    if (this.state === 'running') {
      void this.running_?.instance.updateTopicRouteFromNameServer(topic).catch(() => undefined);
      void this.running_?.instance.sendHeartbeatToAllBrokers();
    }
  }

  unsubscribe(topic: string): void {
    this.subscriptions.delete(topic);
  }

  registerMessageListener(listener: MessageListenerConcurrently): void {
    this.listener = { concurrently: listener };
  }

  registerOrderlyListener(listener: MessageListenerOrderly): void {
    this.listener = { orderly: listener };
  }

  async start(): Promise<void> {
    if (this.state !== 'created')
      throw new MQClientError('ILLEGAL_STATE', `consumer ${this.groupName} was already started`);
    if (this.listener === undefined)
      throw new MQClientError('ILLEGAL_STATE', 'register a message listener before start()');
    if (this.subscriptions.size === 0)
      throw new MQClientError('ILLEGAL_STATE', 'subscribe to a topic before start()');
    const instance = getOrCreateMQClientInstance(this.clientOptions);
    if (this.options.messageModel === 'CLUSTERING') {
      const retryTopic = retryTopicOf(this.groupName);
      this.subscriptions.set(retryTopic, buildSubscriptionData(retryTopic, '*', Date.now()));
    }
    const offsetStore: OffsetStore =
      this.options.messageModel === 'BROADCASTING'
        ? new LocalFileOffsetStore(this.options.offsetStoreDir, instance.clientId, this.groupName)
        : new RemoteBrokerOffsetStore(instance, this.groupName);
    await offsetStore.load();
    this.running_ = this.buildRunning(instance, offsetStore);
    instance.registerConsumer(this);
    this.state = 'running';
    for (const topic of this.subscriptions.keys()) {
      await instance
        .updateTopicRouteFromNameServer(topic)
        .catch((err: unknown) => instance.logger.warn({ topic, err }, 'route lookup failed'));
    }
    await instance.sendHeartbeatToAllBrokers();
    this.startTasks(this.running_);
    this.rebalanceNow();
  }

  private buildRunning(instance: MQClientInstance, offsetStore: OffsetStore): Running {
    const sendBack = new MessageSendBack(instance, this.groupName, this.options.maxReconsumeTimes);
    const rebalance = new RebalanceImpl(instance, this.options, {
      orderly: this.orderly,
      subscribedTopics: () => [...this.subscriptions.keys()],
      computePullFromWhere: (mq) => this.computePullFromWhere(mq),
      onQueueRemoved: (mq) => this.onQueueRemoved(mq),
      dispatchPullRequest: (request) => void this.pullLoop(request),
    });
    const host = {
      options: this.options,
      instance,
      offsetStore,
      sendBack,
      rebalance,
      signal: this.abort.signal,
    };
    const listener = this.listener as NonNullable<typeof this.listener>;
    const consumeService: ConsumeService =
      'orderly' in listener
        ? new ConsumeMessageOrderlyService(host, listener.orderly)
        : new ConsumeMessageConcurrentlyService(host, listener.concurrently);
    return {
      instance,
      offsetStore,
      rebalance,
      consumeService,
      pullApi: new PullAPIWrapper(instance, this.groupName),
    };
  }

  private startTasks(r: Running): void {
    const warn = (what: string) => (err: unknown) =>
      r.instance.logger.warn({ err, group: this.groupName }, what);
    this.tasks.push(
      new RepeatingTask(this.options.rebalanceIntervalMs, () => this.doRebalance(), warn('rebalance failed')),
    );
    this.tasks.push(
      new RepeatingTask(
        r.instance.config.persistConsumerOffsetIntervalMs,
        () => r.offsetStore.persistAll(r.rebalance.allocatedQueues()),
        warn('offset persist failed'),
      ),
    );
    if (this.orderly && this.options.messageModel === 'CLUSTERING') {
      this.tasks.push(
        new RepeatingTask(LOCK_RENEW_INTERVAL_MS, () => r.rebalance.lockAll(), warn('lock renewal failed')),
      );
    }
    for (const task of this.tasks) task.start();
  }

  /**
   * Stops pulling, waits (at most shutdownAwaitMs) for listener calls in flight, persists offsets,
   * releases orderly locks and leaves the group.
   */
  async shutdown(): Promise<void> {
    if (this.state !== 'running' || this.running_ === undefined) return;
    this.state = 'shutdown';
    const r = this.running_;
    for (const task of this.tasks.splice(0)) task.stop();
    this.abort.abort();
    await this.rebalancing?.catch(() => undefined);
    const drained = await r.consumeService.shutdown(this.options.shutdownAwaitMs);
    if (!drained)
      r.instance.logger.warn({ group: this.groupName }, 'listener calls still running at shutdown');
    const queues = r.rebalance.allocatedQueues();
    for (const { pq } of r.rebalance.processQueueTable.values()) pq.dropped = true;
    await r.offsetStore
      .persistAll(queues)
      .catch((err: unknown) => r.instance.logger.warn({ err }, 'final offset persist failed'));
    if (this.orderly && this.options.messageModel === 'CLUSTERING') await r.rebalance.unlock(queues);
    await r.instance.unregisterConsumer(this.groupName);
  }

  /** Queues this client consumes now. */
  allocatedQueues(): MessageQueue[] {
    return this.running_?.rebalance.allocatedQueues() ?? [];
  }

  // ---- ConsumerInner ----------------------------------------------------------------------

  consumerData(): ConsumerData {
    return {
      groupName: this.groupName,
      consumeType: 'CONSUME_PASSIVELY',
      messageModel: this.options.messageModel,
      consumeFromWhere: this.options.consumeFromWhere,
      subscriptionDataSet: [...this.subscriptions.values()],
      unitMode: false,
    };
  }

  subscribedTopics(): string[] {
    return [...this.subscriptions.keys()];
  }

  updateTopicSubscribeInfo(topic: string, mqs: MessageQueue[]): void {
    if (this.subscriptions.has(topic)) this.running_?.rebalance.topicSubscribeInfoTable.set(topic, mqs);
  }

  rebalanceNow(): void {
    if (this.state !== 'running') return;
    void this.doRebalance().catch((err: unknown) =>
      this.running_?.instance.logger.warn({ err }, 'rebalance failed'),
    );
  }

  /** Serialised: a request during a rebalance runs once more after it. */
  private async doRebalance(): Promise<void> {
    if (this.rebalancing !== undefined) {
      this.rebalanceAgain = true;
      return this.rebalancing;
    }
    this.rebalancing = (async () => {
      do {
        this.rebalanceAgain = false;
        if (this.state !== 'running' || this.running_ === undefined) return;
        await this.running_.rebalance.doRebalance();
      } while (this.rebalanceAgain);
    })().finally(() => {
      this.rebalancing = undefined;
    });
    return this.rebalancing;
  }

  // ---- offsets ----------------------------------------------------------------------------

  private async computePullFromWhere(mq: MessageQueue): Promise<number> {
    const r = this.requireRunning();
    const stored = await r.offsetStore.readOffset(mq, 'STORE');
    if (stored >= 0) return stored;
    switch (this.options.consumeFromWhere) {
      case 'CONSUME_FROM_FIRST_OFFSET':
        return 0;
      case 'CONSUME_FROM_TIMESTAMP':
        if (isRetryTopic(mq.topic))
          return this.brokerOffset(mq, (addr) => r.instance.api.getMaxOffset(addr, mq));
        return this.brokerOffset(mq, (addr) =>
          r.instance.api.searchOffset(addr, mq, this.options.consumeTimestamp),
        );
      default:
        // A retry topic holds only what failed: start at its beginning, not its end.
        if (isRetryTopic(mq.topic)) return 0;
        return this.brokerOffset(mq, (addr) => r.instance.api.getMaxOffset(addr, mq));
    }
  }

  private async brokerOffset(mq: MessageQueue, ask: (addr: string) => Promise<number>): Promise<number> {
    const r = this.requireRunning();
    let found = r.instance.findBrokerAddressInSubscribe(mq.brokerName, 0, true);
    if (found === undefined) {
      await r.instance.updateTopicRouteFromNameServer(mq.topic);
      found = r.instance.findBrokerAddressInSubscribe(mq.brokerName, 0, true);
    }
    if (found === undefined) throw new MQClientError('BROKER_NOT_FOUND', `no master for ${mq.brokerName}`);
    return ask(found.addr);
  }

  private async onQueueRemoved(mq: MessageQueue): Promise<void> {
    const r = this.requireRunning();
    await r.offsetStore.persist(mq).catch(() => undefined);
    r.offsetStore.removeOffset(mq);
  }

  // ---- pulling ----------------------------------------------------------------------------

  private async pullLoop(request: PullRequest): Promise<void> {
    const signal = this.abort.signal;
    while (!request.pq.dropped && !signal.aborted) {
      let delayMs: number;
      try {
        delayMs = await this.pullOnce(request);
      } catch (err) {
        this.running_?.instance.logger.warn({ mq: request.mq, err }, 'pull failed');
        delayMs = PULL_DELAY_MS_WHEN_EXCEPTION;
      }
      if (delayMs > 0) await delay(delayMs, signal);
    }
  }

  /** One pull; returns how long to wait before the next. */
  private async pullOnce(request: PullRequest): Promise<number> {
    const r = this.requireRunning();
    const { mq, pq } = request;
    if (pq.msgCount > this.options.pullThresholdForQueue) return PULL_DELAY_MS_WHEN_FLOW_CONTROL;
    if (this.orderly && this.options.messageModel === 'CLUSTERING' && !pq.locked)
      return PULL_DELAY_MS_WHEN_EXCEPTION;
    const subscription = this.subscriptions.get(mq.topic);
    if (subscription === undefined) return PULL_DELAY_MS_WHEN_EXCEPTION;
    const commitOffset =
      this.options.messageModel === 'CLUSTERING' ? await r.offsetStore.readOffset(mq, 'MEMORY') : -1;
    const pulling = r.pullApi.pullKernel({
      mq,
      subscription,
      offset: request.nextOffset,
      maxNums: this.options.pullBatchSize,
      sysFlag: buildPullSysFlag({ commitOffset: commitOffset > 0, suspend: true, subscription: true }),
      commitOffset: Math.max(0, commitOffset),
      suspendTimeoutMs: this.options.suspendTimeoutMillis,
      timeoutMs: PULL_TIMEOUT_MS_WHEN_SUSPEND,
    });
    const result = await unlessAborted(pulling, this.abort.signal);
    if (result === undefined || pq.dropped) return 0;
    return this.onPullResult(r, request, result);
  }

  private async onPullResult(r: Running, request: PullRequest, result: PullResult): Promise<number> {
    const { mq, pq } = request;
    request.nextOffset = result.nextBeginOffset;
    switch (result.pullStatus) {
      case 'FOUND': {
        const msgs = result.msgFoundList.map((m) => this.resetRetryTopic(m));
        if (msgs.length === 0) return 0;
        pq.putMessages(msgs);
        r.consumeService.submitConsumeRequest(msgs, pq, mq);
        return 0;
      }
      case 'NO_NEW_MSG':
      case 'NO_MATCHED_MSG':
        // Nothing in flight: the filtered-out range is consumed too (Java correctTagsOffset).
        if (pq.msgCount === 0) r.offsetStore.updateOffset(mq, result.nextBeginOffset, true);
        return 0;
      case 'OFFSET_ILLEGAL':
        r.instance.logger.warn(
          { mq, nextBeginOffset: result.nextBeginOffset },
          'pull offset illegal; moving to the broker offset',
        );
        r.offsetStore.updateOffset(mq, result.nextBeginOffset, false);
        await r.offsetStore.persist(mq).catch(() => undefined);
        return 0;
    }
  }

  /** A message from %RETRY%<group> is shown with its original topic (RETRY_TOPIC). */
  private resetRetryTopic(msg: MessageExt): MessageExt {
    const retryTopic = msg.properties[MessageConst.PROPERTY_RETRY_TOPIC];
    if (retryTopic !== undefined && msg.topic === retryTopicOf(this.groupName)) msg.topic = retryTopic;
    return msg;
  }

  private requireRunning(): Running {
    if (this.running_ === undefined)
      throw new MQClientError('ILLEGAL_STATE', `consumer ${this.groupName} is not running`);
    return this.running_;
  }
}

interface Running {
  instance: MQClientInstance;
  offsetStore: OffsetStore;
  rebalance: RebalanceImpl;
  consumeService: ConsumeService;
  pullApi: PullAPIWrapper;
}
