/**
 * UNIQ_KEY, the client-generated message id (MessageClientIDSetter, protocol.md §3.4), uppercase hex:
 *
 *   client IP (4 bytes, or 16 for IPv6) | pid int16 | class-loader hashCode int32 |
 *   ms since the start of the current month int32 | counter int16
 *
 * 32 hex chars for IPv4 clients. Java computes the month start in the JVM's time zone; by default we
 * use UTC, and callers may pass their own. The clock is injected; the counter wraps at 16 bits.
 */
import { MalformedMessageError } from '../errors/malformed-message.error';
import { ByteReader } from '../util/byte-reader';
import { bytesToHost, hostToBytes, IPV4_BYTES, IPV6_BYTES } from './socket-address';

export interface UniqueMessageIdOptions {
  readonly clientHost: string;
  /** Written as an int16, as Java truncates its pid. */
  readonly pid: number;
  readonly classLoaderHashCode?: number;
  readonly nowMs: () => number;
  /** Start (ms) of the month containing `nowMs`; UTC by default. */
  readonly monthStartMs?: (nowMs: number) => number;
  readonly initialCounter?: number;
}

export function utcMonthStartMs(nowMs: number): number {
  const date = new Date(nowMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function nextUtcMonthStartMs(monthStartMs: number): number {
  const date = new Date(monthStartMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

const COUNTER_MASK = 0xffff;

export class UniqueMessageIdGenerator {
  private readonly prefixHex: string;
  private readonly monthStartOf: (nowMs: number) => number;
  private counter: number;
  private monthStartMs = 0;
  private nextMonthStartMs = 0;

  constructor(private readonly options: UniqueMessageIdOptions) {
    const host = hostToBytes(options.clientHost);
    const prefix = Buffer.alloc(host.length + 6);
    host.copy(prefix, 0);
    prefix.writeInt16BE((options.pid << 16) >> 16, host.length);
    prefix.writeInt32BE((options.classLoaderHashCode ?? 0) | 0, host.length + 2);
    this.prefixHex = prefix.toString('hex').toUpperCase();
    this.monthStartOf = options.monthStartMs ?? utcMonthStartMs;
    this.counter = (options.initialCounter ?? 0) & COUNTER_MASK;
  }

  next(): string {
    const now = this.options.nowMs();
    if (now >= this.nextMonthStartMs || now < this.monthStartMs) {
      this.monthStartMs = this.monthStartOf(now);
      this.nextMonthStartMs =
        this.options.monthStartMs === undefined
          ? nextUtcMonthStartMs(this.monthStartMs)
          : Number.POSITIVE_INFINITY;
    }
    const tail = Buffer.alloc(6);
    tail.writeInt32BE((now - this.monthStartMs) | 0, 0);
    tail.writeUInt16BE(this.counter, 4);
    this.counter = (this.counter + 1) & COUNTER_MASK;
    return this.prefixHex + tail.toString('hex').toUpperCase();
  }
}

export interface UniqueMessageIdParts {
  clientHost: string;
  pid: number;
  classLoaderHashCode: number;
  msSinceMonthStart: number;
  counter: number;
}

/** Splits a UNIQ_KEY (32 hex chars for IPv4 clients, 56 for IPv6) into its parts. */
export function decodeUniqueMessageId(id: string): UniqueMessageIdParts {
  const hostBytes =
    id.length === (IPV4_BYTES + 12) * 2 ? IPV4_BYTES : id.length === (IPV6_BYTES + 12) * 2 ? IPV6_BYTES : 0;
  if (hostBytes === 0 || !/^[0-9a-fA-F]+$/.test(id))
    throw new MalformedMessageError(`"${id}" is not a UNIQ_KEY`);
  const bytes = Buffer.from(id, 'hex');
  const r = new ByteReader(bytes, 0, bytes.length, (m) => new MalformedMessageError(`UNIQ_KEY: ${m}`));
  return {
    clientHost: bytesToHost(r.bytes(hostBytes, 'host')),
    pid: r.int16('pid'),
    classLoaderHashCode: r.int32('class loader hash'),
    msSinceMonthStart: r.int32('time'),
    counter: r.int16('counter') & COUNTER_MASK,
  };
}
