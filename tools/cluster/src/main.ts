/**
 * `bin/rmq-cluster start [2m-noslave] [--data ./data] [--namesrv-port 9876] [--broker-ports 10911,10921]`:
 * runs a local cluster as plain processes, prints where each service listens, and stops everything
 * cleanly on Ctrl-C (or SIGTERM). `npm start` and the cluster process tests both use it.
 */
import path from 'node:path';
import { LocalCluster } from './local-cluster';
import { buildTopology, DEFAULT_BROKER_PORTS, TopologyName } from './topology';

const HOME = path.resolve(__dirname, '../../../..');
const TOPOLOGIES: readonly TopologyName[] = ['2m-noslave'];

const USAGE = `Usage: rmq-cluster start [${TOPOLOGIES.join('|')}] [--data DIR] [--namesrv-port N] [--broker-ports A,B]`;

interface ClusterArgs {
  topology: TopologyName;
  dataDir: string;
  namesrvPort: number;
  brokerPorts: readonly [number, number];
}

function port(text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65533) throw new Error(`'${text}' is not a port. ${USAGE}`);
  return n;
}

function parseArgs(argv: string[]): ClusterArgs {
  const args: ClusterArgs = {
    topology: '2m-noslave',
    dataDir: path.join(HOME, 'data'),
    namesrvPort: 9876,
    brokerPorts: DEFAULT_BROKER_PORTS,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === 'start') continue;
    if (arg === '--data') args.dataDir = path.resolve(argv[++i] ?? args.dataDir);
    else if (arg === '--namesrv-port') args.namesrvPort = port(argv[++i]);
    else if (arg === '--broker-ports') {
      const [a, b] = (argv[++i] ?? '').split(',');
      args.brokerPorts = [port(a), port(b)];
    } else if ((TOPOLOGIES as readonly string[]).includes(arg)) args.topology = arg as TopologyName;
    else throw new Error(`unknown argument '${arg}'. ${USAGE}`);
  }
  return args;
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
  const { topology, dataDir, namesrvPort, brokerPorts } = parseArgs(process.argv.slice(2));
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
      buildTopology(topology, { home: HOME, dataDir, namesrvPort, brokerPorts }),
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

main().catch((err: unknown) => {
  process.stderr.write(`rmq-cluster: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
