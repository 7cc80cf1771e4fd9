/**
 * Test-only host facts and file reader for config specs: a fixed network layout, host name and CPU
 * count, and an in-memory file map whose misses fail like fs does (code ENOENT).
 */
import type { NetworkInterfaceInfo } from 'node:os';
import type { LoadOptions } from '../config-loader';

function ipv4(address: string, internal: boolean): NetworkInterfaceInfo {
  return { address, netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr: null };
}

export const FAKE_HOST = {
  networkInterfaces: () => ({
    lo: [ipv4('127.0.0.1', true)],
    eth0: [ipv4('10.1.2.3', false)],
    eth1: [ipv4('192.168.7.9', false)],
  }),
  hostname: () => 'host-a',
  cpuCount: () => 8,
} satisfies LoadOptions;

export function fakeFiles(files: Readonly<Record<string, string>>): (filePath: string) => string {
  return (filePath) => {
    const text = files[filePath];
    if (text === undefined) {
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${filePath}'`), {
        code: 'ENOENT',
      });
    }
    return text;
  };
}

/** Options for a load with no environment except HOME, the fake host, and the given files. */
export function testOptions(
  argv: readonly string[],
  files: Readonly<Record<string, string>> = {},
  env: Readonly<Record<string, string>> = {},
): LoadOptions {
  return { argv, env: { HOME: '/home/mq', ...env }, readFile: fakeFiles(files), ...FAKE_HOST };
}
