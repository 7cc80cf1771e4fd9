/**
 * MQClientInstance: what producers and consumers with one clientId share: the connections, the
 * route cache (per topic, refreshed every pollNameServerIntervalMs), the broker address table, the
 * heartbeat (every heartbeatBrokerIntervalMs, and at once when a client starts) and the handler
 * for requests brokers send us (NOTIFY_CONSUMER_IDS_CHANGED, CHECK_TRANSACTION_STATE). It starts
 * with its first client and shuts down (UNREGISTER_CLIENT, timers cleared) with its last.
 */
import {
  CheckTransactionStateRequestHeader,
  ConsumerData,
  createResponse,
  HeartbeatData,
  MessageQueue,
  NotifyConsumerIdsChangedRequestHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
  TopicRouteData,
} from '@rmq/protocol';
import { Channel, RemotingLogger, RequestContext } from '@rmq/remoting';
import { MQClientError } from '../errors/mq-client.error';
import { decodeMessageExt, MessageExt } from '../message/message-ext';
import { RepeatingTask } from '../util/delay';
import { ResolvedClientConfig } from './client-config';
import { ClientRemoting } from './client-remoting';
import { MQClientAPI } from './mq-client-api';
import {
  capRouteQueueNums,
  MASTER_ID,
  routeFingerprint,
  TopicPublishInfo,
  topicRouteToPublishInfo,
  topicRouteToSubscribeInfo,
} from './topic-route';

export interface ProducerInner {
  readonly groupName: string;
  /** Topics this producer has sent to (their routes are kept fresh). */
  publishTopics(): string[];
  updateTopicPublishInfo(topic: string, info: TopicPublishInfo): void;
  checkTransactionState(channel: Channel, header: CheckTransactionStateRequestHeader, msg: MessageExt): void;
}

export interface ConsumerInner {
  readonly groupName: string;
  consumerData(): ConsumerData;
  subscribedTopics(): string[];
  updateTopicSubscribeInfo(topic: string, mqs: MessageQueue[]): void;
  /** Rebalance soon (NOTIFY_CONSUMER_IDS_CHANGED); must not throw. */
  rebalanceNow(): void;
}

export interface FoundBrokerAddr {
  addr: string;
  slave: boolean;
}

export class MQClientInstance {
  readonly api: MQClientAPI;
  readonly remoting: ClientRemoting;
  readonly logger: RemotingLogger;
  private readonly producers = new Map<string, ProducerInner>();
  private readonly consumers = new Map<string, ConsumerInner>();
  private readonly routes = new Map<string, TopicRouteData>();
  private readonly routeFingerprints = new Map<string, string>();
  /** brokerName → brokerId → address. */
  private readonly brokerAddrTable = new Map<string, Map<number, string>>();
  private readonly routeTask: RepeatingTask;
  private readonly heartbeatTask: RepeatingTask;
  private state: 'created' | 'running' | 'shutdown' = 'created';

  constructor(
    readonly config: ResolvedClientConfig,
    private readonly onShutdown: (instance: MQClientInstance) => void = () => undefined,
  ) {
    this.logger = config.logger;
    this.remoting = new ClientRemoting(config.namesrvAddrs, config.logger);
    this.api = new MQClientAPI(this.remoting, config.requestTimeoutMs);
    this.remoting.setRequestHandler((request, ctx) => this.onServerRequest(request, ctx));
    const logError = (what: string) => (err: unknown) => this.logger.warn({ err }, what);
    this.routeTask = new RepeatingTask(
      config.pollNameServerIntervalMs,
      () => this.updateAllTopicRoutes(),
      logError('route refresh failed'),
    );
    this.heartbeatTask = new RepeatingTask(
      config.heartbeatBrokerIntervalMs,
      () => this.sendHeartbeatToAllBrokers(),
      logError('heartbeat failed'),
    );
  }

  get clientId(): string {
    return this.config.clientId;
  }

  get isRunning(): boolean {
    return this.state === 'running';
  }

  registerProducer(producer: ProducerInner): void {
    if (this.producers.has(producer.groupName)) {
      throw new MQClientError(
        'ILLEGAL_STATE',
        `producer group ${producer.groupName} is already registered in ${this.clientId}`,
      );
    }
    this.producers.set(producer.groupName, producer);
    this.start();
  }

  registerConsumer(consumer: ConsumerInner): void {
    if (this.consumers.has(consumer.groupName)) {
      throw new MQClientError(
        'ILLEGAL_STATE',
        `consumer group ${consumer.groupName} is already registered in ${this.clientId}`,
      );
    }
    this.consumers.set(consumer.groupName, consumer);
    this.start();
  }

  /** Removes the producer, tells every broker, and shuts the instance down if it was the last client. */
  async unregisterProducer(group: string): Promise<void> {
    if (!this.producers.delete(group)) return;
    await this.unregisterClient({ producerGroup: group });
    await this.shutdownIfUnused();
  }

  async unregisterConsumer(group: string): Promise<void> {
    if (!this.consumers.delete(group)) return;
    await this.unregisterClient({ consumerGroup: group });
    await this.shutdownIfUnused();
  }

  consumerCount(): number {
    return this.consumers.size;
  }

  private start(): void {
    if (this.state !== 'created') {
      if (this.state === 'shutdown')
        throw new MQClientError('ILLEGAL_STATE', `client instance ${this.clientId} is shut down`);
      return;
    }
    this.state = 'running';
    this.routeTask.start();
    this.heartbeatTask.start();
  }

  private async shutdownIfUnused(): Promise<void> {
    if (this.producers.size > 0 || this.consumers.size > 0 || this.state !== 'running') return;
    this.state = 'shutdown';
    this.routeTask.stop();
    this.heartbeatTask.stop();
    this.onShutdown(this);
    await this.remoting.close();
  }

  // ---- routes ------------------------------------------------------------------------------

  getRoute(topic: string): TopicRouteData | undefined {
    return this.routes.get(topic);
  }

  /**
   * Fetches topic's route and spreads it to producers and consumers when it changed. With
   * `fromDefaultTopic`, a topic the NameServer does not know borrows that topic's (TBW102's) brokers
   * with at most queueNums queues, so the broker can auto-create it on the first send.
   */
  async updateTopicRouteFromNameServer(
    topic: string,
    fromDefaultTopic?: { topic: string; queueNums: number },
  ): Promise<boolean> {
    let route = await this.api.getTopicRouteInfo(topic);
    if (route === undefined && fromDefaultTopic !== undefined) {
      const defaultRoute = await this.api.getTopicRouteInfo(fromDefaultTopic.topic);
      if (defaultRoute !== undefined) route = capRouteQueueNums(defaultRoute, fromDefaultTopic.queueNums);
    }
    if (route === undefined) return false;
    const fingerprint = routeFingerprint(route);
    if (this.routeFingerprints.get(topic) === fingerprint) return true;
    this.routeFingerprints.set(topic, fingerprint);
    this.routes.set(topic, route);
    for (const broker of route.brokerDatas)
      this.brokerAddrTable.set(broker.brokerName, new Map(broker.brokerAddrs));
    const publishInfo = topicRouteToPublishInfo(topic, route);
    for (const producer of this.producers.values()) producer.updateTopicPublishInfo(topic, publishInfo);
    const subscribeInfo = topicRouteToSubscribeInfo(topic, route);
    for (const consumer of this.consumers.values()) consumer.updateTopicSubscribeInfo(topic, subscribeInfo);
    this.logger.info({ topic, brokers: route.brokerDatas.length }, 'topic route changed');
    return true;
  }

  async updateAllTopicRoutes(): Promise<void> {
    const topics = new Set<string>();
    for (const p of this.producers.values()) for (const t of p.publishTopics()) topics.add(t);
    for (const c of this.consumers.values()) for (const t of c.subscribedTopics()) topics.add(t);
    for (const topic of topics) {
      try {
        await this.updateTopicRouteFromNameServer(topic);
      } catch (err) {
        this.logger.warn({ topic, err }, 'route refresh of a topic failed');
      }
    }
  }

  findBrokerAddressInPublish(brokerName: string): string | undefined {
    return this.brokerAddrTable.get(brokerName)?.get(MASTER_ID);
  }

  /** The address for brokerId, else (unless onlyThisBroker) any address of that broker. */
  findBrokerAddressInSubscribe(
    brokerName: string,
    brokerId: number,
    onlyThisBroker: boolean,
  ): FoundBrokerAddr | undefined {
    const addrs = this.brokerAddrTable.get(brokerName);
    if (addrs === undefined || addrs.size === 0) return undefined;
    let addr = addrs.get(brokerId);
    let id = brokerId;
    if (addr === undefined && brokerId !== MASTER_ID) {
      addr = addrs.get(brokerId + 1);
      id = brokerId + 1;
    }
    if (addr === undefined && !onlyThisBroker) {
      const first = [...addrs].sort((a, b) => a[0] - b[0])[0];
      if (first !== undefined) [id, addr] = first;
    }
    return addr === undefined ? undefined : { addr, slave: id !== MASTER_ID };
  }

  /** Some broker serving topic (a master when there is one), for group-wide queries. */
  findBrokerAddrByTopic(topic: string): string | undefined {
    const route = this.routes.get(topic);
    if (route === undefined || route.brokerDatas.length === 0) return undefined;
    const brokers = route.brokerDatas;
    const pick = brokers[Math.floor(Math.random() * brokers.length)];
    const addrs = pick?.brokerAddrs;
    return addrs?.get(MASTER_ID) ?? (addrs === undefined ? undefined : [...addrs.values()][0]);
  }

  async findConsumerIdList(topic: string, group: string): Promise<string[]> {
    let addr = this.findBrokerAddrByTopic(topic);
    if (addr === undefined) {
      await this.updateTopicRouteFromNameServer(topic);
      addr = this.findBrokerAddrByTopic(topic);
    }
    if (addr === undefined) return [];
    return this.api.getConsumerIdListByGroup(addr, group);
  }

  /** Every known broker address (for admin-like fan-out and UNREGISTER_CLIENT). */
  allBrokerAddrs(): Array<{ brokerName: string; brokerId: number; addr: string }> {
    const out: Array<{ brokerName: string; brokerId: number; addr: string }> = [];
    for (const [brokerName, addrs] of this.brokerAddrTable) {
      for (const [brokerId, addr] of addrs) out.push({ brokerName, brokerId, addr });
    }
    return out;
  }

  // ---- heartbeat -------------------------------------------------------------------------

  heartbeatData(): HeartbeatData {
    return {
      clientID: this.clientId,
      producerDataSet: [...this.producers.keys()].map((groupName) => ({ groupName })),
      consumerDataSet: [...this.consumers.values()].map((c) => c.consumerData()),
    };
  }

  /** HEART_BEAT to every master, and to slaves too when there are consumers (they may pull there). */
  async sendHeartbeatToAllBrokers(): Promise<void> {
    const data = this.heartbeatData();
    if (data.producerDataSet.length === 0 && data.consumerDataSet.length === 0) return;
    const withSlaves = data.consumerDataSet.length > 0;
    const targets = this.allBrokerAddrs().filter((b) => withSlaves || b.brokerId === MASTER_ID);
    await Promise.all(
      targets.map(async ({ addr }) => {
        try {
          await this.api.sendHeartbeat(addr, data);
        } catch (err) {
          this.logger.warn({ addr, err }, 'heartbeat to broker failed');
        }
      }),
    );
  }

  private async unregisterClient(groups: { producerGroup?: string; consumerGroup?: string }): Promise<void> {
    await Promise.all(
      this.allBrokerAddrs().map(async ({ addr }) => {
        try {
          await this.api.unregisterClient(addr, this.clientId, groups);
        } catch (err) {
          this.logger.warn({ addr, err }, 'UNREGISTER_CLIENT failed');
        }
      }),
    );
  }

  // ---- broker → client requests ---------------------------------------------------------

  private onServerRequest(request: RemotingCommand, ctx: RequestContext): RemotingCommand | undefined {
    switch (request.code) {
      case RequestCode.NOTIFY_CONSUMER_IDS_CHANGED:
        this.onConsumerIdsChanged(request);
        return undefined;
      case RequestCode.CHECK_TRANSACTION_STATE:
        this.onCheckTransactionState(request, ctx.channel);
        return undefined;
      default:
        return createResponse(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, {
          remark: ` request type ${request.code} not supported`,
        });
    }
  }

  private onConsumerIdsChanged(request: RemotingCommand): void {
    let group: string | undefined;
    try {
      group = NotifyConsumerIdsChangedRequestHeader.decode(request.extFields).consumerGroup;
    } catch {
      group = undefined; // a malformed notice still means "rebalance"
    }
    this.logger.info({ group }, 'consumer ids changed; rebalancing now');
    for (const consumer of this.consumers.values()) consumer.rebalanceNow();
  }

  private onCheckTransactionState(request: RemotingCommand, channel: Channel): void {
    try {
      const header = CheckTransactionStateRequestHeader.decode(request.extFields);
      const msg = decodeMessageExt(request.body ?? Buffer.alloc(0));
      if (header.transactionId !== undefined) msg.transactionId = header.transactionId;
      const group = msg.properties['PGROUP'];
      const producer = group === undefined ? undefined : this.producers.get(group);
      if (producer === undefined) {
        this.logger.warn({ group }, 'CHECK_TRANSACTION_STATE for a producer group not in this client');
        return;
      }
      producer.checkTransactionState(channel, header, msg);
    } catch (err) {
      this.logger.warn({ err }, 'bad CHECK_TRANSACTION_STATE request');
    }
  }
}
