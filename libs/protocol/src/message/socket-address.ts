/**
 * Host addresses as RocketMQ stores them: 4 bytes for IPv4, 16 for IPv6, followed by the port as an
 * int32 (stored records, offset msgIds). IPv4-mapped IPv6 hosts (`::ffff:1.2.3.4`, what Node reports
 * for IPv4 peers on a dual-stack socket) are stored as IPv4, as Java does. IPv6 text is written in
 * RFC 5952 form (lowercase, longest zero run as `::`).
 */
import { MalformedMessageError } from '../errors/malformed-message.error';

export interface SocketAddress {
  host: string;
  port: number;
}

export const IPV4_BYTES = 4;
export const IPV6_BYTES = 16;

const IPV4_TEXT = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseIPv4(text: string): Buffer | undefined {
  const match = IPV4_TEXT.exec(text);
  if (match === null) return undefined;
  const octets = match.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? Buffer.from(octets) : undefined;
}

function parseIPv6(text: string): Buffer | undefined {
  const host = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const halves = host.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined): number[] | undefined => {
    if (part === undefined || part === '') return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      const v4 = piece.includes('.') ? parseIPv4(piece) : undefined;
      if (v4 !== undefined) out.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
      else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) out.push(parseInt(piece, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  const out = Buffer.alloc(IPV6_BYTES);
  all.forEach((group, i) => out.writeUInt16BE(group, i * 2));
  return out;
}

/**
 * Hosts seen recently, both ways: a broker encodes and decodes the same few addresses for every
 * message, and parsing them each time was the largest cost of an append. Bounded; cleared when full.
 */
const HOST_CACHE_ENTRIES_MAX = 4096;
const hostBytesCache = new Map<string, Buffer>();
const hostTextCache = new Map<string, string>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= HOST_CACHE_ENTRIES_MAX) cache.clear();
  cache.set(key, value);
  return value;
}

/** 4 bytes for IPv4 (including IPv4-mapped IPv6), 16 for IPv6. The result must not be modified. */
export function hostToBytes(host: string): Buffer {
  return hostBytesCache.get(host) ?? remember(hostBytesCache, host, parseHost(host));
}

function parseHost(host: string): Buffer {
  const v4 = parseIPv4(host);
  if (v4 !== undefined) return v4;
  const v6 = parseIPv6(host);
  if (v6 === undefined) throw new MalformedMessageError(`"${host}" is not an IPv4 or IPv6 address`);
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6.readUInt16BE(10) === 0xffff;
  return mapped ? Buffer.from(v6.subarray(12)) : v6;
}

export function bytesToHost(bytes: Uint8Array): string {
  if (bytes.length === IPV4_BYTES) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  return hostTextCache.get(key) ?? remember(hostTextCache, key, formatIPv6(bytes));
}

function formatIPv6(bytes: Uint8Array): string {
  if (bytes.length !== IPV6_BYTES) throw new MalformedMessageError(`a host address of ${bytes.length} bytes`);
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[i * 2] ?? 0) << 8) | (bytes[i * 2 + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function isIPv6Host(host: string): boolean {
  return hostToBytes(host).length === IPV6_BYTES;
}

/** `ip:port`, with IPv6 hosts in brackets. */
export function formatSocketAddress(address: SocketAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** Parses `ip:port` or `[ipv6]:port` (RocketMQ's broker address form). */
export function parseSocketAddress(text: string): SocketAddress {
  const match = /^(?:\[([^\]]+)\]|([^:]+|.*:.*)):(\d{1,5})$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (host === undefined || !(port >= 0 && port <= 65535)) {
    throw new MalformedMessageError(`"${text}" is not an ip:port address`);
  }
  return { host, port };
}
