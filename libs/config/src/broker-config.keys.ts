/**
 * Broker keys from RocketMQ 4.9.7's BrokerConfig and NettyServerConfig, with its names and
 * defaults (listenPort 10911 as BrokerStartup sets it), plus ours: httpListenPort, bindAddress.
 * RocketMQ's interval keys without a unit in their name are milliseconds.
 */
import { boolKey, intKey, longKey, namesrvAddrKey, portKey, stringKey } from './config-keys';
import { clampTo, noBlanks } from './key-validators';

export const BROKER_LISTEN_PORT_DEFAULT = 10911;
export const MASTER_BROKER_ID = 0;
/** PermName.PERM_READ | PermName.PERM_WRITE. */
const PERM_READ_WRITE = 4 | 2;

export const BROKER_IDENTITY_KEYS = {
  rocketmqHome: stringKey({
    default: '',
    envAliases: ['ROCKETMQ_HOME'],
    description: 'RocketMQ installation directory (RocketMQ reads it from ROCKETMQ_HOME)',
  }),
  namesrvAddr: namesrvAddrKey("name servers to register with, 'host:port;host:port'"),
  brokerIP1: stringKey({
    default: (ctx) => ctx.localIPv4(),
    derivation: 'first non-internal IPv4 of the host, else 127.0.0.1',
    important: true,
    validate: noBlanks,
    description: 'address advertised to name servers and clients',
  }),
  brokerIP2: stringKey({
    default: (ctx) => ctx.string('brokerIP1'),
    derivation: 'brokerIP1',
    validate: noBlanks,
    description: 'address a master advertises for HA (haServerAddr = brokerIP2:haListenPort)',
  }),
  brokerName: stringKey({
    default: (ctx) => ctx.hostname(),
    derivation: 'host name',
    important: true,
    validate: noBlanks,
    description: 'broker group name; a master and its slaves share it',
  }),
  brokerClusterName: stringKey({
    default: 'DefaultCluster',
    important: true,
    validate: noBlanks,
    description: 'cluster name shared by all brokers of the cluster',
  }),
  brokerId: longKey({
    default: MASTER_BROKER_ID,
    min: 0,
    important: true,
    description: '0 for the master; > 0 for each slave of the group',
  }),
  brokerPermission: intKey({
    default: PERM_READ_WRITE,
    min: 0,
    max: 15,
    description: 'permission bits PRIORITY 8 | READ 4 | WRITE 2 | INHERIT 1; 4 makes the broker read-only',
  }),
  listenPort: portKey({
    default: BROKER_LISTEN_PORT_DEFAULT,
    important: true,
    description: 'remoting (TCP) port for clients and admin',
  }),
  httpListenPort: portKey({
    default: (ctx) => ctx.int('listenPort') + 2,
    derivation: 'listenPort + 2',
    important: true,
    description: 'HTTP port for /metrics, /health and the REST admin',
  }),
  bindAddress: stringKey({
    default: '0.0.0.0',
    validate: noBlanks,
    description: 'local address the remoting, HA and HTTP servers bind to',
  }),
  serverChannelMaxIdleTimeSeconds: intKey({
    default: 120,
    min: 0,
    description: 'close a client connection idle this long (0 = never)',
  }),
};

export const BROKER_BEHAVIOUR_KEYS = {
  defaultTopicQueueNums: intKey({
    default: 8,
    min: 1,
    description: 'queue count of a topic the broker auto-creates (TBW102 and topics created on first send)',
  }),
  autoCreateTopicEnable: boolKey({
    default: true,
    important: true,
    description: 'create unknown topics on send',
  }),
  clusterTopicEnable: boolKey({ default: true, description: 'create a topic named after the cluster' }),
  brokerTopicEnable: boolKey({ default: true, description: 'create a topic named after the broker' }),
  autoCreateSubscriptionGroup: boolKey({
    default: true,
    important: true,
    description: 'create unknown consumer groups on first use',
  }),
  msgTraceTopicName: stringKey({
    default: 'RMQ_SYS_TRACE_TOPIC',
    important: true,
    validate: noBlanks,
    description: 'topic for message traces',
  }),
  traceTopicEnable: boolKey({ default: false, important: true, description: 'create the trace topic' }),
  sendMessageThreadPoolNums: intKey({
    default: (ctx) => Math.min(ctx.cpuCount(), 4),
    derivation: 'min(CPUs, 4)',
    min: 1,
    description: 'concurrency for send requests',
  }),
  pullMessageThreadPoolNums: intKey({
    default: (ctx) => 16 + ctx.cpuCount() * 2,
    derivation: '16 + 2 × CPUs',
    min: 1,
    description: 'concurrency for pull requests',
  }),
  flushConsumerOffsetInterval: intKey({
    default: 5000,
    min: 1,
    description: 'ms between consumerOffset.json writes',
  }),
  longPollingEnable: boolKey({
    default: true,
    description: 'hold pulls that find no message (long polling)',
  }),
  shortPollingTimeMills: longKey({
    default: 1000,
    min: 1,
    description: 'ms a pull is held when long polling is off',
  }),
  notifyConsumerIdsChangedEnable: boolKey({
    default: true,
    description: 'tell consumers when their group changes',
  }),
  slaveReadEnable: boolKey({
    default: false,
    description: 'let consumers read from a slave when the master lags',
  }),
  registerBrokerTimeoutMills: intKey({
    default: 6000,
    min: 1,
    description: 'timeout of one REGISTER_BROKER, ms',
  }),
  registerNameServerPeriod: intKey({
    default: 30_000,
    adjust: clampTo(10_000, 60_000),
    description: 'ms between registrations with every name server (RocketMQ clamps to 10000..60000)',
  }),
  compressedRegister: boolKey({ default: false, description: 'send the topic config table compressed' }),
  forceRegister: boolKey({
    default: true,
    description: 'register even when the topic config has not changed',
  }),
  transactionTimeOut: longKey({
    default: 6000,
    min: 0,
    important: true,
    description: 'ms before a half message is checked back with its producer',
  }),
  transactionCheckMax: intKey({
    default: 15,
    min: 0,
    important: true,
    description: 'check-backs of a half message before it is dropped',
  }),
  transactionCheckInterval: longKey({
    default: 60_000,
    min: 1,
    important: true,
    description: 'ms between transaction check runs',
  }),
  checkTransactionMessageEnable: boolKey({
    default: false,
    description: 'RocketMQ 3.x switch for transaction check-back (4.x always checks)',
  }),
};
