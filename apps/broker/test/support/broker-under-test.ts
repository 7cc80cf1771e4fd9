/**
 * An in-process BrokerController for service-level specs: the real config loader (so defaults are
 * RocketMQ's), a real store in a temp dir, and a NameServer address where nothing listens (the
 * broker logs the failed registration and carries on). Not a substitute for the process tests.
 */
import { BrokerConfig, loadBrokerConfig } from '@rmq/config';
import { silentLogger } from '@rmq/observability';
import { freePort, makeTempDir } from '@rmq/testing';
import { BrokerController } from '../../src/broker-controller';

export interface BrokerUnderTest {
  broker: BrokerController;
  config: BrokerConfig;
  dir: string;
  stop(): Promise<void>;
}

export async function startBrokerUnderTest(flags: string[] = []): Promise<BrokerUnderTest> {
  const home = makeTempDir('broker-under-test');
  const silentNamesrv = await freePort();
  // loadBrokerConfig throws a ConfigError listing every problem when the flags are wrong.
  const { config } = loadBrokerConfig({
    argv: [
      '--brokerName=broker-t',
      '--brokerIP1=127.0.0.1',
      `--namesrvAddr=127.0.0.1:${silentNamesrv}`,
      `--storePathRootDir=${home.dir}/store`,
      '--mappedFileSizeCommitLog=8388608',
      ...flags,
    ],
    env: {},
  });
  const broker = new BrokerController(config, silentLogger());
  await broker.start();
  return {
    broker,
    config,
    dir: home.dir,
    stop: async () => {
      await broker.prepareStop();
      await broker.shutdown();
      home.remove();
    },
  };
}
