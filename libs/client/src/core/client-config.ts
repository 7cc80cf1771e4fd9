/**
 * Settings every client (producer, consumer, admin) shares, with the Java ClientConfig defaults.
 * The clientId `ip@instanceName` decides which MQClientInstance a client joins: clients with the
 * same id share one instance (one set of connections, one heartbeat).
 */
import { networkInterfaces } from 'node:os';
import { NOOP_REMOTING_LOGGER, RemotingLogger } from '@rmq/remoting';
import { MQClientError } from '../errors/mq-client.error';

export interface ClientConfig {
  /** `host:port;host:port`, or a list of addresses. */
  namesrvAddr: string | string[];
  /** Default `DEFAULT`, which (as in Java) becomes the pid so two processes on a host differ. */
  instanceName?: string;
  /** The IP in the clientId; defaults to the first non-internal IPv4 address. */
  clientIp?: string;
  pollNameServerIntervalMs?: number;
  heartbeatBrokerIntervalMs?: number;
  persistConsumerOffsetIntervalMs?: number;
  /** Timeout of one request to a NameServer or a broker (not sends or pulls). */
  requestTimeoutMs?: number;
  logger?: RemotingLogger;
}

export interface ResolvedClientConfig {
  namesrvAddrs: string[];
  instanceName: string;
  clientIp: string;
  clientId: string;
  pollNameServerIntervalMs: number;
  heartbeatBrokerIntervalMs: number;
  persistConsumerOffsetIntervalMs: number;
  requestTimeoutMs: number;
  logger: RemotingLogger;
}

export const POLL_NAME_SERVER_INTERVAL_MS_DEFAULT = 30_000;
export const HEARTBEAT_BROKER_INTERVAL_MS_DEFAULT = 30_000;
export const PERSIST_CONSUMER_OFFSET_INTERVAL_MS_DEFAULT = 5_000;
export const REQUEST_TIMEOUT_MS_DEFAULT = 3_000;
export const DEFAULT_INSTANCE_NAME = 'DEFAULT';

export function parseNamesrvAddr(value: string | string[]): string[] {
  const parts = Array.isArray(value) ? value : value.split(';');
  const addrs = parts.map((a) => a.trim()).filter((a) => a !== '');
  if (addrs.length === 0) throw new MQClientError('NO_NAMESRV', 'namesrvAddr is empty');
  for (const addr of addrs) {
    if (!/^.+:\d{1,5}$/.test(addr)) {
      throw new MQClientError('ILLEGAL_ARGUMENT', `namesrvAddr entry "${addr}" is not host:port`);
    }
  }
  return addrs;
}

export function localIPv4(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) {
      if (info.family === 'IPv4' && !info.internal) return info.address;
    }
  }
  return '127.0.0.1';
}

export function resolveClientConfig(config: ClientConfig): ResolvedClientConfig {
  const rawName = config.instanceName ?? DEFAULT_INSTANCE_NAME;
  const instanceName = rawName === DEFAULT_INSTANCE_NAME ? String(process.pid) : rawName;
  const clientIp = config.clientIp ?? localIPv4();
  return {
    namesrvAddrs: parseNamesrvAddr(config.namesrvAddr),
    instanceName,
    clientIp,
    clientId: `${clientIp}@${instanceName}`,
    pollNameServerIntervalMs: positive(config.pollNameServerIntervalMs, POLL_NAME_SERVER_INTERVAL_MS_DEFAULT),
    heartbeatBrokerIntervalMs: positive(
      config.heartbeatBrokerIntervalMs,
      HEARTBEAT_BROKER_INTERVAL_MS_DEFAULT,
    ),
    persistConsumerOffsetIntervalMs: positive(
      config.persistConsumerOffsetIntervalMs,
      PERSIST_CONSUMER_OFFSET_INTERVAL_MS_DEFAULT,
    ),
    requestTimeoutMs: positive(config.requestTimeoutMs, REQUEST_TIMEOUT_MS_DEFAULT),
    logger: config.logger ?? NOOP_REMOTING_LOGGER,
  };
}

export function positive(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new MQClientError('ILLEGAL_ARGUMENT', `expected a positive number, got ${value}`);
  }
  return value;
}
