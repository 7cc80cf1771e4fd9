/**
 * Process-test support: a NameServer and brokers started the way users start them (bin/mqnamesrv,
 * bin/mqbroker -c <file> -n <addr> --key=value), on free 127.0.0.1 ports, each broker with its own
 * .properties file and store under one temp dir. A broker keeps its ports and store across
 * kill()/stop() and restart(), so crash and recovery tests see the same address and files.
 * Processes run from a private install (`<root>/install`: bin/, dist/ and tools/ linked to the
 * workspace), so `cluster.mqshutdown('broker')` runs the real bin/mqshutdown and stops this
 * cluster's brokers only, not those of tests running beside it.
 * Every wait is bounded; close() ends every process this cluster started.
 *
 *   const cluster = await TestCluster.start('my-test');
 *   const a = await cluster.startBroker({ brokerName: 'broker-a', properties: { flushDiskType: 'SYNC_FLUSH' } });
 *   ...
 *   await cluster.close();
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, makePrivateInstall, makeTempDir, ManagedProcess } from '@rmq/testing';

/** Start-up (store recovery included) of one process on this 2-core machine. */
const BOOT_TIMEOUT_MS = 30_000;
const NAMESRV_READY = /Name Server boot success/;
const BROKER_READY = /The broker\[[^\]]*\] boot success/;
/** bin/mqshutdown waits this long for the processes it signalled. */
const MQSHUTDOWN_WAIT_SECONDS = 20;

export type PropertyValue = string | number | boolean;

export interface BrokerOptions {
  brokerName: string;
  /** 0 (default) for a master; a slave also needs `properties: { brokerRole: 'SLAVE' }`. */
  brokerId?: number;
  /** Keys written to the broker's .properties file (after the test defaults, so they win). */
  properties?: Record<string, PropertyValue>;
  /** Extra `--key=value` flags on the command line. */
  args?: string[];
}

/** Defaults for tests: small files (the store writes sparse files, but recovery scans them). */
const TEST_BROKER_PROPERTIES: Record<string, PropertyValue> = {
  brokerClusterName: 'TestCluster',
  defaultTopicQueueNums: 4,
  autoCreateTopicEnable: false,
  autoCreateSubscriptionGroup: true,
  mappedFileSizeCommitLog: 64 * 1024 * 1024,
  mappedFileSizeConsumeQueue: 300_000 * 20,
  brokerRole: 'ASYNC_MASTER',
  flushDiskType: 'ASYNC_FLUSH',
};

/** Ports this test process handed out; freePort() may return a port again once it was released. */
const portsHandedOut = new Set<number>();
const PORT_ATTEMPTS_MAX = 50;

/**
 * A free 127.0.0.1 port not handed out before by this process: two ports picked one after the other
 * (or for two brokers started side by side) never collide before their processes bind them.
 */
async function allocatePort(): Promise<number> {
  for (let attempt = 0; attempt < PORT_ATTEMPTS_MAX; attempt += 1) {
    const port = await freePort();
    if (portsHandedOut.has(port)) continue;
    portsHandedOut.add(port);
    return port;
  }
  throw new Error(`no new free port after ${PORT_ATTEMPTS_MAX} attempts`);
}

function propertiesText(values: Record<string, PropertyValue>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n');
}

/** One bin/mqbroker process; restart() reuses its config file, ports and store. */
export class BrokerProcess {
  private current: ManagedProcess | undefined;
  private starts = 0;

  constructor(
    readonly brokerName: string,
    readonly listenPort: number,
    readonly httpPort: number,
    /** The broker's own dir: broker.properties, store/ and logs of earlier runs. */
    readonly dir: string,
    private readonly command: string[],
  ) {}

  /** host:port the broker advertises and serves remoting on. */
  get addr(): string {
    return `127.0.0.1:${this.listenPort}`;
  }

  get storeDir(): string {
    return path.join(this.dir, 'store');
  }

  get abortFileExists(): boolean {
    return existsSync(path.join(this.storeDir, 'abort'));
  }

  /** The running (or last) process. */
  get process(): ManagedProcess {
    if (this.current === undefined) throw new Error(`${this.brokerName} was never started`);
    return this.current;
  }

  /** Starts the broker (again) and waits for its boot line. */
  async start(): Promise<void> {
    if (this.current !== undefined && !this.current.exited) {
      throw new Error(`${this.brokerName} is still running (pid ${this.current.pid})`);
    }
    this.starts += 1;
    const [script, ...args] = this.command;
    this.current = ManagedProcess.start(script ?? '', args, {
      env: { HOME: this.dir },
      label: `${this.brokerName}#${this.starts}`,
    });
    await this.current.waitForOutput(BROKER_READY, BOOT_TIMEOUT_MS);
  }

  /** kill -9: no handler runs, nothing is flushed or unregistered. */
  async kill(): Promise<void> {
    await this.process.stop('SIGKILL');
  }

  /** Sends `signal` and resolves with the exit code (SIGKILL after timeoutMs). */
  stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<number | null> {
    return this.process.stop(signal, timeoutMs);
  }

  restart(): Promise<void> {
    return this.start();
  }
}

/** A NameServer plus any number of brokers registered with it, under one temp dir. */
export class TestCluster {
  private readonly brokers: BrokerProcess[] = [];

  private constructor(
    readonly rootDir: string,
    private readonly removeRoot: () => void,
    /** The private install the processes run from. */
    readonly installDir: string,
    readonly namesrv: ManagedProcess,
    readonly namesrvPort: number,
  ) {}

  /** Starts bin/mqnamesrv on a free port; `prefix` names the temp dir. */
  static async start(prefix: string): Promise<TestCluster> {
    const tmp = makeTempDir(prefix);
    try {
      const install = makePrivateInstall(tmp.dir);
      const port = await allocatePort();
      const dir = path.join(tmp.dir, 'namesrv');
      mkdirSync(dir, { recursive: true });
      const conf = path.join(dir, 'namesrv.properties');
      const props = {
        listenPort: port,
        httpListenPort: await allocatePort(),
        bindAddress: '127.0.0.1',
        kvConfigPath: path.join(dir, 'kvConfig.json'),
      };
      writeFileSync(conf, `${propertiesText(props)}\n`);
      const namesrv = ManagedProcess.start(path.join(install, 'bin', 'mqnamesrv'), ['-c', conf], {
        env: { HOME: dir },
        label: 'namesrv',
      });
      const cluster = new TestCluster(tmp.dir, tmp.remove, install, namesrv, port);
      await namesrv.waitForOutput(NAMESRV_READY, BOOT_TIMEOUT_MS).catch(async (err: unknown) => {
        await namesrv.stop('SIGKILL');
        throw err;
      });
      return cluster;
    } catch (err) {
      tmp.remove();
      throw err;
    }
  }

  get namesrvAddr(): string {
    return `127.0.0.1:${this.namesrvPort}`;
  }

  /** Writes `<root>/<brokerName>[-<id>]/broker.properties` and starts the broker on free ports. */
  async startBroker(options: BrokerOptions): Promise<BrokerProcess> {
    const broker = await this.defineBroker(options);
    this.brokers.push(broker);
    await broker.start();
    return broker;
  }

  private async defineBroker(options: BrokerOptions): Promise<BrokerProcess> {
    const brokerId = options.brokerId ?? 0;
    const dir = path.join(
      this.rootDir,
      brokerId === 0 ? options.brokerName : `${options.brokerName}-${brokerId}`,
    );
    mkdirSync(dir, { recursive: true });
    const listenPort = await allocatePort();
    const httpPort = await allocatePort();
    const conf = path.join(dir, 'broker.properties');
    const props = {
      ...TEST_BROKER_PROPERTIES,
      brokerName: options.brokerName,
      brokerId,
      haListenPort: await allocatePort(),
      httpListenPort: httpPort,
      ...options.properties,
    };
    writeFileSync(conf, `${propertiesText(props)}\n`);
    const command = [
      path.join(this.installDir, 'bin', 'mqbroker'),
      '-c',
      conf,
      '-n',
      this.namesrvAddr,
      '--brokerIP1=127.0.0.1',
      '--bindAddress=127.0.0.1',
      `--listenPort=${listenPort}`,
      `--storePathRootDir=${path.join(dir, 'store')}`,
      ...(options.args ?? []),
    ];
    return new BrokerProcess(options.brokerName, listenPort, httpPort, dir, command);
  }

  /**
   * Runs `bin/mqshutdown <app>` of this cluster's install (SIGTERM to each matching process, then
   * waits for them) and resolves with its exit code and output.
   */
  async mqshutdown(app: 'broker' | 'namesrv'): Promise<{ code: number | null; output: string }> {
    const script = ManagedProcess.start(path.join(this.installDir, 'bin', 'mqshutdown'), [app], {
      env: { RMQ_SHUTDOWN_WAIT_SECONDS: String(MQSHUTDOWN_WAIT_SECONDS) },
      label: 'mqshutdown',
    });
    const code = await script.waitForExit((MQSHUTDOWN_WAIT_SECONDS + 5) * 1000);
    return { code, output: script.text() };
  }

  /** Stops every broker (SIGKILL: tests that care about a clean stop do it themselves), then the NameServer. */
  async close(): Promise<void> {
    for (const broker of this.brokers) {
      try {
        if (!broker.process.exited) await broker.process.stop('SIGKILL');
      } catch {
        // never started
      }
    }
    await this.namesrv.stop('SIGKILL');
    this.removeRoot();
  }
}
