/**
 * The broker's composition root (RocketMQ's BrokerController), plain TypeScript: it builds the
 * store, the config tables, the client registries and the services, and runs their lifecycle.
 * Start: store recovery, tables, timers, then registration with the NameServers. Stop, in two
 * steps around the remoting server's drain: first answer held pulls and unregister, then (after
 * requests in progress finished) persist offsets and shut the store down cleanly.
 */
import os from 'node:os';
import type { BrokerConfig } from '@rmq/config';
import type { Logger } from '@rmq/observability';
import { createRequest, NotifyConsumerIdsChangedRequestHeader, RequestCode } from '@rmq/protocol';
import { Channel, RemotingClient } from '@rmq/remoting';
import {
  ConsumerOffsetTable,
  DefaultMessageStore,
  DelayOffsetTable,
  MessageStore,
  NodeFileSystem,
  parseDelayLevels,
  SubscriptionGroupTable,
  TopicConfigTable,
} from '@rmq/store';
import { ConsumerManager } from './client/consumer-manager';
import { ProducerManager } from './client/producer-manager';
import { RebalanceLockManager } from './client/rebalance-lock-manager';
import { PullMessageService } from './pull/pull-message.service';
import { PullRequestHoldService } from './pull/pull-request-hold.service';
import { NamesrvRegistrar } from './registration/namesrv-registrar';
import { ConsumerSendMsgBackService } from './retry/consumer-send-msg-back.service';
import { ScheduleMessageService } from './schedule/schedule-message.service';
import { SendMessageService } from './send/send-message.service';
import { BrokerStatsManager } from './stats/broker-stats-manager';
import { SubscriptionGroupManager } from './subscription/subscription-group-manager';
import { TopicConfigManager } from './topic/topic-config-manager';
import { TransactionalMessageCheckService } from './transaction/transaction-check.service';
import { TransactionalMessageService } from './transaction/transactional-message.service';

const CLIENT_CHANNEL_EXPIRY_MS = 120_000;
const CLIENT_SCAN_INTERVAL_MS = 10_000;
const HOLD_CHECK_INTERVAL_MS = 1_000;
const HELD_PULLS_MAX = 4096;

export class BrokerController {
  readonly store: MessageStore;
  readonly topics: TopicConfigManager;
  readonly groups: SubscriptionGroupManager;
  readonly offsets: ConsumerOffsetTable;
  readonly consumers: ConsumerManager;
  readonly producers: ProducerManager;
  readonly locks = new RebalanceLockManager();
  readonly hold: PullRequestHoldService;
  readonly sendService: SendMessageService;
  readonly pullService: PullMessageService;
  readonly sendBackService: ConsumerSendMsgBackService;
  readonly schedule: ScheduleMessageService;
  readonly registrar: NamesrvRegistrar;
  readonly transactions: TransactionalMessageService;
  readonly transactionCheck: TransactionalMessageCheckService;
  readonly remotingClient = new RemotingClient();
  readonly stats = new BrokerStatsManager();
  /** A mutable copy of the loaded config: UPDATE_BROKER_CONFIG changes its runtime keys in place. */
  readonly config: BrokerConfig;
  readonly bootTimestamp = Date.now();
  private readonly timers: NodeJS.Timeout[] = [];
  private started = false;

  constructor(
    loadedConfig: BrokerConfig,
    private readonly log: Logger,
  ) {
    const config: BrokerConfig = { ...loadedConfig };
    this.config = config;
    const fs = new NodeFileSystem();
    const tableDeps = {
      fs,
      storePathRootDir: config.storePathRootDir,
      logger: log.child({ component: 'config' }),
    };
    this.store = new DefaultMessageStore({ config, fs, logger: log.child({ component: 'store' }) });
    this.topics = new TopicConfigManager(new TopicConfigTable(tableDeps), config, (change) => {
      if (change.reason !== 'system' && this.started) void this.registrar.registerAll();
    });
    this.groups = new SubscriptionGroupManager(
      new SubscriptionGroupTable(tableDeps),
      config.autoCreateSubscriptionGroup,
    );
    this.offsets = new ConsumerOffsetTable(tableDeps);
    this.consumers = new ConsumerManager((group, channels) => this.notifyConsumerIdsChanged(group, channels));
    this.producers = new ProducerManager();
    this.hold = new PullRequestHoldService({
      heldMax: HELD_PULLS_MAX,
      checkIntervalMs: HOLD_CHECK_INTERVAL_MS,
      maxOffsetOf: (topic, queueId) => this.store.getMaxOffsetInQueue(topic, queueId),
    });
    const delayLevelTableMs = parseDelayLevels(config.messageDelayLevel);
    const delayLevelCount = delayLevelTableMs.length;
    this.transactions = new TransactionalMessageService({
      settings: config,
      store: this.store,
      topics: this.topics,
      delayLevelCount,
      logger: log.child({ component: 'transaction' }),
    });
    this.transactionCheck = new TransactionalMessageCheckService({
      settings: config,
      store: this.store,
      topics: this.topics,
      offsets: this.offsets,
      producers: this.producers,
      transactions: this.transactions,
      logger: log.child({ component: 'transaction-check' }),
    });
    this.sendService = new SendMessageService({
      settings: config,
      store: this.store,
      topics: this.topics,
      groups: this.groups,
      delayLevelCount,
      halfMessages: this.transactions,
    });
    this.pullService = new PullMessageService({
      settings: config,
      store: this.store,
      topics: this.topics,
      groups: this.groups,
      consumers: this.consumers,
      offsets: this.offsets,
      hold: this.hold,
    });
    this.sendBackService = new ConsumerSendMsgBackService({
      settings: config,
      store: this.store,
      topics: this.topics,
      groups: this.groups,
      delayLevelCount,
      storeHost: { host: config.brokerIP1, port: config.listenPort },
    });
    this.schedule = new ScheduleMessageService({
      store: this.store,
      offsets: new DelayOffsetTable(tableDeps),
      delayLevelTableMs,
      flushDelayOffsetIntervalMs: config.flushDelayOffsetInterval,
      logger: log.child({ component: 'schedule' }),
    });
    this.registrar = new NamesrvRegistrar(
      config,
      this.remotingClient,
      () => this.topics.snapshot(),
      log.child({ component: 'registrar' }),
    );
  }

  /** The store recovered and at least one NameServer knows us (what /ready reports). */
  get ready(): boolean {
    return this.started && this.registrar.registered;
  }

  async start(): Promise<void> {
    await this.store.start();
    await this.topics.load();
    await this.groups.load();
    this.offsets.load();
    this.schedule.load();
    if (this.config.brokerRole !== 'SLAVE') this.schedule.start();
    this.store.setMessageArrivingListener((topic, queueId, logicOffset, tagsCode) =>
      this.hold.notifyMessageArriving(topic, queueId, logicOffset, tagsCode),
    );
    this.hold.start();
    this.stats.start();
    this.transactionCheck.start();
    this.every(this.config.flushConsumerOffsetInterval, () => this.persistOffsets());
    this.every(CLIENT_SCAN_INTERVAL_MS, () => this.scanClients());
    this.started = true;
    await this.registrar.start();
  }

  /** Called when a client connection closes. */
  channelClosed(channel: Channel): void {
    this.consumers.channelClosed(channel);
    this.producers.channelClosed(channel);
  }

  /** Step 1 of stopping: answer held pulls, leave the NameServers (clients route elsewhere). */
  async prepareStop(): Promise<void> {
    this.hold.stop();
    await this.registrar.stop();
  }

  /** Step 2: requests have drained; persist what is in memory and close the store cleanly. */
  async shutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.stats.stop();
    this.hold.stop();
    await this.transactionCheck.stop();
    await this.schedule.shutdown();
    await this.persistOffsets();
    await this.store.shutdown();
    await this.remotingClient.close();
  }

  /** Store ms "now" vs a queue's data: is offset 0 of the queue far behind the commit log head? */
  isQueueHeadOnDisk(topic: string, queueId: number): boolean {
    const phy = this.store.getCommitLogOffsetInQueue(topic, queueId, 0);
    const memoryBytes = (os.totalmem() * this.config.accessMessageInMemoryMaxRatio) / 100;
    return this.store.getMaxPhyOffset() - phy > memoryBytes;
  }

  private async persistOffsets(): Promise<void> {
    try {
      await this.offsets.persist();
    } catch (err) {
      this.log.error({ err: String(err) }, 'persisting consumer offsets failed');
    }
  }

  private scanClients(): void {
    const expired = [
      ...this.consumers.scanNotActiveChannel(CLIENT_CHANNEL_EXPIRY_MS),
      ...this.producers.scanNotActiveChannel(CLIENT_CHANNEL_EXPIRY_MS),
    ];
    for (const channel of new Set(expired)) {
      this.log.warn({ remoteAddr: channel.remoteAddr }, 'client channel expired; closing it');
      void channel.close();
    }
  }

  private notifyConsumerIdsChanged(group: string, channels: Channel[]): void {
    if (!this.config.notifyConsumerIdsChangedEnable) return;
    const header = NotifyConsumerIdsChangedRequestHeader.encode({ consumerGroup: group });
    for (const channel of channels) {
      if (!channel.isOpen) continue;
      try {
        channel.invokeOneway(createRequest(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, header));
      } catch (err) {
        this.log.warn(
          { group, remoteAddr: channel.remoteAddr, err: String(err) },
          'notify consumer ids changed failed',
        );
      }
    }
  }

  private every(intervalMs: number, work: () => unknown): void {
    const timer = setInterval(() => void work(), intervalMs);
    timer.unref();
    this.timers.push(timer);
  }
}
