/**
 * Facts about the host that some defaults depend on (advertised IP, broker name, CPU count).
 * Each is a function so tests inject their own and a fact is read only if a default needs it.
 */
import os from 'node:os';

export type NetworkInterfaces = NodeJS.Dict<readonly os.NetworkInterfaceInfo[]>;

export interface HostFacts {
  readonly networkInterfaces: () => NetworkInterfaces;
  readonly hostname: () => string;
  readonly cpuCount: () => number;
}

export const LOOPBACK_IPV4 = '127.0.0.1';

export const NODE_HOST_FACTS: HostFacts = Object.freeze({
  networkInterfaces: () => os.networkInterfaces(),
  hostname: () => os.hostname(),
  cpuCount: () => os.availableParallelism(),
});

/**
 * The first non-internal IPv4 address, in interface order, else 127.0.0.1. (RocketMQ's
 * RemotingUtil.getLocalAddress also skips 127.0.* and 192.168.* when it can; we take the first.)
 */
export function firstExternalIPv4(interfaces: NetworkInterfaces): string {
  for (const addresses of Object.values(interfaces)) {
    for (const info of addresses ?? []) {
      if (info.family === 'IPv4' && !info.internal) return info.address;
    }
  }
  return LOOPBACK_IPV4;
}
