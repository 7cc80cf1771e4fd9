/**
 * The local clusters `npm start` (and process tests) run as plain processes: which services, from
 * which `.properties` files (the ones the compose files use), with which local overrides.
 */
import path from 'node:path';

export interface ServiceSpec {
  /** Name shown in the output and used for its data directory. */
  name: string;
  /** Script under bin/. */
  script: string;
  args: string[];
  /** Line (regex) the service prints once it serves. */
  readyLine: RegExp;
  /** Where it listens, for the banner. */
  endpoints: Record<string, string>;
}

export interface TopologyOptions {
  /** Repository root (bin/ and compose/ live there). */
  home: string;
  /** Data root; each service gets `<dataDir>/<name>`. */
  dataDir: string;
  namesrvPort: number;
  /** Remoting ports of broker-a and broker-b (HA on port + 1, HTTP on port + 2); default 10911, 10921. */
  brokerPorts?: readonly [number, number];
}

export const DEFAULT_BROKER_PORTS: readonly [number, number] = [10911, 10921];

export type TopologyName = '2m-noslave';

export function buildTopology(name: TopologyName, options: TopologyOptions): ServiceSpec[] {
  const conf = (file: string): string => path.join(options.home, 'compose', 'conf', name, file);
  const namesrvAddr = `127.0.0.1:${options.namesrvPort}`;
  const broker = (brokerName: string, listenPort: number): ServiceSpec => ({
    name: brokerName,
    script: 'mqbroker',
    args: [
      '-c',
      conf(`${brokerName}.properties`),
      '-n',
      namesrvAddr,
      '--brokerIP1=127.0.0.1',
      '--bindAddress=127.0.0.1',
      `--listenPort=${listenPort}`,
      `--storePathRootDir=${path.join(options.dataDir, brokerName, 'store')}`,
    ],
    readyLine: /The broker\[[^\]]*\] boot success/,
    endpoints: { remoting: `127.0.0.1:${listenPort}`, http: `http://127.0.0.1:${listenPort + 2}` },
  });
  return [
    {
      name: 'namesrv',
      script: 'mqnamesrv',
      args: [
        '-c',
        conf('namesrv.properties'),
        `--listenPort=${options.namesrvPort}`,
        '--bindAddress=127.0.0.1',
        `--kvConfigPath=${path.join(options.dataDir, 'namesrv', 'kvConfig.json')}`,
      ],
      readyLine: /Name Server boot success/,
      endpoints: { remoting: namesrvAddr, http: `http://127.0.0.1:${options.namesrvPort + 1}` },
    },
    broker('broker-a', (options.brokerPorts ?? DEFAULT_BROKER_PORTS)[0]),
    broker('broker-b', (options.brokerPorts ?? DEFAULT_BROKER_PORTS)[1]),
  ];
}
