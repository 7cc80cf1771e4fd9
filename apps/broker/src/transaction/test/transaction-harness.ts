/**
 * Test harness for the transaction specs: a real DefaultMessageStore, topic and offset tables in a
 * temp directory, one fake clock shared by store and services, a SendMessageService wired to the
 * transaction service as the broker wires it, and a fake producer connection that records the
 * CHECK_TRANSACTION_STATE requests it is sent. `reopen()` restarts everything on the same files.
 */
import { silentLogger } from '@rmq/observability';
import {
  decodeMessageProperties,
  decodeStoredMessage,
  DecodedStoredMessage,
  encodeMessageProperties,
  MessageConst,
  MessageSysFlag,
  newTopicConfig,
  RemotingCommand,
  SendMessageRequestHeader,
} from '@rmq/protocol';
import {
  ConsumerOffsetTable,
  DefaultMessageStore,
  defaultMessageStoreConfig,
  NodeFileSystem,
  SubscriptionGroupTable,
  TopicConfigTable,
} from '@rmq/store';
import { makeTempDir } from '@rmq/testing';
import { SendMessageService, SendReply } from '../../send/send-message.service';
import { SubscriptionGroupManager } from '../../subscription/subscription-group-manager';
import { TopicConfigManager } from '../../topic/topic-config-manager';
import { TransactionalMessageCheckService, TransactionCheckSettings } from '../transaction-check.service';
import { TransactionalMessageService, TransactionSettings } from '../transactional-message.service';

export const REAL_TOPIC = 'TxOrders';
export const REAL_QUEUE_ID = 2;
export const PRODUCER_GROUP = 'PID_tx_orders';
const STORE_HOST = { host: '127.0.0.1', port: 10911 };
const BORN_HOST = { host: '127.0.0.1', port: 50000 };

export type HarnessSettings = TransactionSettings & TransactionCheckSettings;

export const DEFAULT_HARNESS_SETTINGS: HarnessSettings = {
  brokerRole: 'ASYNC_MASTER',
  brokerIP1: STORE_HOST.host,
  listenPort: STORE_HOST.port,
  transactionTimeOut: 6_000,
  transactionCheckMax: 15,
  transactionCheckInterval: 60_000,
  fileReservedTime: 72,
};

export class TransactionHarness {
  readonly temp = makeTempDir('broker-transaction');
  nowMs = 1_700_000_000_000;
  /** CHECK_TRANSACTION_STATE requests the producer connection received. */
  readonly checks: RemotingCommand[] = [];
  producerOnline = true;
  store!: DefaultMessageStore;
  topics!: TopicConfigManager;
  offsets!: ConsumerOffsetTable;
  transactions!: TransactionalMessageService;
  checker!: TransactionalMessageCheckService;
  send!: SendMessageService;
  private uniqCounter = 0;

  constructor(
    private readonly settings: HarnessSettings = DEFAULT_HARNESS_SETTINGS,
    private readonly limits: { halfMessagesPerRun?: number } = {},
  ) {}

  async open(): Promise<void> {
    const clock = (): number => this.nowMs;
    const dir = this.temp.dir;
    const tableDeps = { fs: new NodeFileSystem(), storePathRootDir: dir, nowMs: clock };
    const storeConfig = defaultMessageStoreConfig(dir, {
      mappedFileSizeCommitLog: 1024 * 1024,
      mappedFileSizeConsumeQueue: 6000,
      maxHashSlotNum: 100,
      maxIndexNum: 400,
    });
    this.store = new DefaultMessageStore({ config: storeConfig, clock });
    await this.store.start();
    this.topics = new TopicConfigManager(new TopicConfigTable(tableDeps), {
      brokerClusterName: 'DefaultCluster',
      brokerName: 'broker-a',
      autoCreateTopicEnable: false,
      defaultTopicQueueNums: 4,
      clusterTopicEnable: false,
      brokerTopicEnable: false,
      traceTopicEnable: false,
      msgTraceTopicName: 'RMQ_SYS_TRACE_TOPIC',
    });
    await this.topics.load();
    if (this.topics.selectTopicConfig(REAL_TOPIC) === undefined) {
      await this.topics.updateTopicConfig(
        newTopicConfig(REAL_TOPIC, { readQueueNums: 4, writeQueueNums: 4 }),
      );
    }
    this.offsets = new ConsumerOffsetTable(tableDeps);
    this.offsets.load();
    this.wire(clock);
  }

  private wire(clock: () => number): void {
    const logger = silentLogger();
    this.transactions = new TransactionalMessageService({
      settings: this.settings,
      store: this.store,
      topics: this.topics,
      delayLevelCount: 18,
      logger,
      nowMs: clock,
    });
    this.checker = new TransactionalMessageCheckService({
      settings: this.settings,
      store: this.store,
      topics: this.topics,
      offsets: this.offsets,
      producers: { getAvailableChannel: (group) => this.channelOf(group) },
      transactions: this.transactions,
      logger,
      nowMs: clock,
      limits: this.limits,
    });
    const groups = new SubscriptionGroupManager(
      new SubscriptionGroupTable({ fs: new NodeFileSystem(), storePathRootDir: this.temp.dir }),
      true,
    );
    this.send = new SendMessageService({
      settings: {
        ...this.settings,
        brokerPermission: 6,
        brokerClusterName: 'DefaultCluster',
        brokerName: 'broker-a',
      },
      store: this.store,
      topics: this.topics,
      groups,
      delayLevelCount: 18,
      halfMessages: this.transactions,
    });
  }

  private channelOf(
    group: string,
  ): { remoteAddr: string; invokeOneway(r: RemotingCommand): void } | undefined {
    if (!this.producerOnline || group !== PRODUCER_GROUP) return undefined;
    return { remoteAddr: '127.0.0.1:50000', invokeOneway: (request) => this.checks.push(request) };
  }

  /** Persists offsets, shuts the store down cleanly and opens everything again on the same files. */
  async reopen(): Promise<void> {
    await this.checker.stop();
    await this.offsets.persist();
    await this.store.shutdown();
    await this.open();
  }

  async close(): Promise<void> {
    await this.checker.stop();
    await this.store.shutdown();
    this.temp.remove();
  }

  /** A transactional send as a Java producer makes it (TRAN_MSG, PGROUP, UNIQ_KEY, prepared type). */
  async sendHalf(body = 'order-1', extra: Record<string, string> = {}): Promise<SendReply> {
    this.uniqCounter += 1;
    const properties = encodeMessageProperties([
      [MessageConst.PROPERTY_TRANSACTION_PREPARED, 'true'],
      [MessageConst.PROPERTY_PRODUCER_GROUP, PRODUCER_GROUP],
      [
        MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX,
        `7F000001000100000000${String(this.uniqCounter).padStart(12, '0')}`,
      ],
      [MessageConst.PROPERTY_TAGS, 'TagA'],
      [MessageConst.PROPERTY_KEYS, 'order-key'],
      ...Object.entries(extra),
    ]);
    const header: SendMessageRequestHeader = {
      producerGroup: PRODUCER_GROUP,
      topic: REAL_TOPIC,
      defaultTopic: 'TBW102',
      defaultTopicQueueNums: 4,
      queueId: REAL_QUEUE_ID,
      sysFlag: MessageSysFlag.TRANSACTION_PREPARED_TYPE,
      bornTimestamp: this.nowMs,
      flag: 7,
      properties,
      reconsumeTimes: 0,
      unitMode: false,
      batch: false,
    };
    const req = {
      header,
      body: Buffer.from(body),
      requestVersion: 399,
      bornHost: BORN_HOST,
      storeHost: STORE_HOST,
    };
    return this.send.sendMessage(req);
  }

  /** Every message of a queue, as a consumer would pull them (after dispatch). */
  async pullAll(topic: string, queueId: number): Promise<DecodedStoredMessage[]> {
    await this.store.waitDispatched();
    const result = this.store.getMessage('test-consumer', topic, queueId, 0, 64);
    return result.messages.map((raw) => decodeStoredMessage(raw));
  }

  properties(msg: { propertiesString: string }): Map<string, string> {
    return decodeMessageProperties(msg.propertiesString);
  }
}
