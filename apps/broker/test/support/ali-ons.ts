/**
 * Process-test support: typed handles on ali-ons (the npm pure-JavaScript RocketMQ 4.x client,
 * which ships no types) for producing and push-consuming against our NameServer and brokers.
 * Each client gets its own instanceName, because ali-ons shares one client instance (and one
 * clientId) per process and instanceName: two consumers of a group must not look like one.
 */

export interface AliOnsMessage {
  topic: string;
  tags: string | undefined;
  /** KEYS joined by spaces (ali-ons' getter; its setter takes an array). */
  readonly keys: string | undefined;
  body: Buffer;
  msgId: string;
  queueOffset: number;
}

export interface AliOnsSendResult {
  sendStatus: string;
  msgId: string;
  queueOffset: number;
  messageQueue: { topic: string; brokerName: string; queueId: number };
}

export interface AliOnsProducer {
  ready(): Promise<void>;
  close(): Promise<void>;
  send(message: AliOnsMessage): Promise<AliOnsSendResult>;
  on(event: 'error', listener: (err: Error) => void): void;
}

export interface AliOnsConsumer {
  ready(): Promise<void>;
  close(): Promise<void>;
  subscribe(topic: string, subExpression: string, handler: (msg: AliOnsMessage) => Promise<void>): void;
  on(event: 'error', listener: (err: Error) => void): void;
  /** ali-ons internals: the queues this consumer holds now, keyed `[topic="T", brokerName="B", queueId="Q"]`. */
  readonly processQueueTable: Map<string, unknown>;
}

type MessageClass = new (topic: string, tags: string, body: Buffer) => AliOnsMessage;
type ClientClass<T> = new (options: Record<string, unknown>) => T;

const aliOns = require('ali-ons') as {
  Message: MessageClass;
  Producer: ClientClass<AliOnsProducer> & { defaultProducer?: AliOnsProducer };
  Consumer: ClientClass<AliOnsConsumer>;
};
const urllib = require('urllib') as unknown;

const quietLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

/**
 * ali-ons' periodic tasks (route poll, heartbeat, rebalance, offset commit) sleep a whole interval
 * (5-30 s by default) in timers that close() does not cancel; short intervals let a test process
 * exit soon after its clients closed, and make rebalancing and offset commits settle quickly.
 */
const CLIENT_TASK_INTERVAL_MS = 1_000;

/** Options every ali-ons client needs here: our NameServer, no Aliyun address server, no logs. */
function baseOptions(namesrvAddr: string, instanceName: string): Record<string, unknown> {
  return {
    nameSrv: namesrvAddr,
    httpclient: urllib,
    logger: quietLogger,
    instanceName,
    pollNameServerInteval: CLIENT_TASK_INTERVAL_MS,
    heartbeatBrokerInterval: CLIENT_TASK_INTERVAL_MS,
    rebalanceInterval: CLIENT_TASK_INTERVAL_MS,
    persistConsumerOffsetInterval: CLIENT_TASK_INTERVAL_MS,
  };
}

export function newAliOnsMessage(topic: string, tags: string, key: string, body: Buffer): AliOnsMessage {
  const msg = new aliOns.Message(topic, tags, body);
  (msg as unknown as { keys: string[] }).keys = [key];
  return msg;
}

/** A producer; errors it emits are collected into `errors` (the caller decides what they mean). */
export function newAliOnsProducer(
  namesrvAddr: string,
  producerGroup: string,
  instanceName: string,
  errors: Error[],
): AliOnsProducer {
  const producer = new aliOns.Producer({ ...baseOptions(namesrvAddr, instanceName), producerGroup });
  producer.on('error', (err) => errors.push(err));
  return producer;
}

/** A clustering push consumer; `options` override ali-ons defaults (e.g. rebalanceInterval). */
export function newAliOnsConsumer(
  namesrvAddr: string,
  consumerGroup: string,
  instanceName: string,
  errors: Error[],
  options: Record<string, unknown> = {},
): AliOnsConsumer {
  const consumer = new aliOns.Consumer({
    ...baseOptions(namesrvAddr, instanceName),
    consumerGroup,
    ...options,
  });
  consumer.on('error', (err) => errors.push(err));
  return consumer;
}

/**
 * Closes the process-wide producer ali-ons creates for its first consumer (to send messages back
 * for retry). It shares that consumer's client instance, whose timers keep running, and keep Jest
 * from exiting, until it is closed too. Call after closing every consumer.
 */
export async function closeAliOnsSharedProducer(): Promise<void> {
  const shared = aliOns.Producer.defaultProducer;
  aliOns.Producer.defaultProducer = undefined;
  await shared?.close();
}

/** How many queues of `topic` the consumer holds now. */
export function heldQueueCount(consumer: AliOnsConsumer, topic: string): number {
  return [...consumer.processQueueTable.keys()].filter((key) => key.includes(`topic="${topic}"`)).length;
}
