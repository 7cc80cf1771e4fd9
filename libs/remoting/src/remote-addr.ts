/** `host:port` strings, the form RocketMQ uses for every address (IPv6 as `[ip]:port`). */
import { InvalidAddressError } from './errors/invalid-address.error';

export interface HostPort {
  host: string;
  port: number;
}

export function parseRemoteAddr(addr: string): HostPort {
  const colon = addr.lastIndexOf(':');
  const host = addr.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const portText = addr.slice(colon + 1);
  const port = Number(portText);
  if (colon <= 0 || host === '' || !/^\d+$/.test(portText) || port < 1 || port > 65535) {
    throw new InvalidAddressError(addr);
  }
  return { host, port };
}

/** Formats a socket's peer; IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes plain IPv4. */
export function formatRemoteAddr(ip: string | undefined, port: number | undefined): string {
  const host = (ip ?? 'unknown').replace(/^::ffff:/, '');
  return host.includes(':') ? `[${host}]:${port ?? 0}` : `${host}:${port ?? 0}`;
}
