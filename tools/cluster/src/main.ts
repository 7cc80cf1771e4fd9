/**
 * `bin/rmq-cluster start [2m-noslave] [--data ./data]`: runs a local cluster as plain processes,
 * prints where each service listens, and stops everything cleanly on Ctrl-C.
 */
import path from 'node:path';
import { LocalCluster } from './local-cluster';
import { buildTopology, TopologyName } from './topology';

const HOME = path.resolve(__dirname, '../../../..');
const TOPOLOGIES: readonly TopologyName[] = ['2m-noslave'];

function parseArgs(argv: string[]): { topology: TopologyName; dataDir: string } {
  let topology: TopologyName = '2m-noslave';
  let dataDir = path.join(HOME, 'data');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === 'start') continue;
    if (arg === '--data') dataDir = path.resolve(argv[++i] ?? dataDir);
    else if ((TOPOLOGIES as readonly string[]).includes(arg)) topology = arg as TopologyName;
    else
      throw new Error(
        `unknown argument '${arg}'. Usage: rmq-cluster start [${TOPOLOGIES.join('|')}] [--data DIR]`,
      );
  }
  return { topology, dataDir };
}

function printBanner(cluster: LocalCluster, topology: string, dataDir: string): void {
  const lines = [``, `Local ${topology} cluster is up (data under ${dataDir}):`];
  for (const { spec } of cluster.services()) {
    lines.push(
      `  ${spec.name.padEnd(10)} ${Object.entries(spec.endpoints)
        .map(([k, v]) => `${k} ${v}`)
        .join('   ')}`,
    );
  }
  const ns =
    cluster.services().find(({ spec }) => spec.name === 'namesrv')?.spec.endpoints['remoting'] ??
    '127.0.0.1:9876';
  lines.push(
    ``,
    `Send a first message and read it back (the brokers create TopicTest on first send):`,
    `  bin/mqadmin sendMessage -n ${ns} -t TopicTest -p "Hello RocketMQ"`,
    `  bin/mqadmin consumeMessage -n ${ns} -t TopicTest`,
    `Put some load on it:  bin/benchmark producer -n ${ns} -t TopicTest -w 16 -s 1024 --seconds 30`,
    `Any RocketMQ client works too: point it at NameServer ${ns}.`,
    ``,
    `Press Ctrl-C to stop everything.`,
    ``,
  );
  process.stdout.write(lines.join('\n'));
}

async function main(): Promise<void> {
  const { topology, dataDir } = parseArgs(process.argv.slice(2));
  const cluster = new LocalCluster(HOME, dataDir, (service, line) =>
    process.stdout.write(`[${service}] ${line}\n`),
  );
  const stopAll = async (why: string, code: number): Promise<void> => {
    process.stdout.write(`\nStopping the cluster (${why})...\n`);
    await cluster.stop();
    process.stdout.write('All services stopped.\n');
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll('Ctrl-C', 0));
  process.once('SIGTERM', () => void stopAll('SIGTERM', 0));
  try {
    await cluster.start(
      buildTopology(topology, { home: HOME, dataDir, namesrvPort: 9876 }),
      (service, code) => {
        void stopAll(`${service} exited with code ${code}`, 1);
      },
    );
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    await stopAll('start-up failed', 1);
    return;
  }
  printBanner(cluster, topology, dataDir);
}

void main();
