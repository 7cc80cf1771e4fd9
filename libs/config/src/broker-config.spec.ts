import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FAKE_HOST, testOptions } from './__fixtures__/fake-host';
import { loadBrokerConfig } from './broker-config.schema';
import { ConfigError } from './config-error';
import { formatIssue } from './config-issue';
import { LoadOptions } from './config-loader';

const SEED = path.join(__dirname, '__fixtures__', 'broker-a.properties');
const seedText = readFileSync(SEED, 'utf8');

function loadSeed(extra: string[] = []) {
  return loadBrokerConfig({ argv: ['-c', SEED, ...extra], env: { HOME: '/home/mq' }, ...FAKE_HOST });
}

function errorOf(options: LoadOptions): ConfigError {
  try {
    loadBrokerConfig(options);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const messagesOf = (err: ConfigError): string[] => err.issues.map(formatIssue);

describe('the seed broker-a.properties (RocketMQ 3.2.6, 2m-noslave)', () => {
  it('maps every key to its typed value', () => {
    const { config } = loadSeed();
    expect(config).toMatchObject({
      brokerClusterName: 'rocketmq-cluster',
      brokerName: 'broker-a',
      brokerId: 0,
      namesrvAddr: ['rocketmq-m1:9876', 'rocketmq-m2:9876'],
      defaultTopicQueueNums: 4,
      autoCreateTopicEnable: true,
      autoCreateSubscriptionGroup: true,
      listenPort: 10911,
      deleteWhen: '04',
      fileReservedTime: 120,
      mappedFileSizeCommitLog: 1073741824,
      mappedFileSizeConsumeQueue: 300000,
      diskMaxUsedSpaceRatio: 88,
      storePathRootDir: '/usr/local/rocketmq/store',
      storePathCommitLog: '/usr/local/rocketmq/store/commitlog',
      storePathConsumeQueue: '/usr/local/rocketmq/store/consumequeue',
      storePathIndex: '/usr/local/rocketmq/store/index',
      storeCheckpoint: '/usr/local/rocketmq/store/checkpoint',
      abortFile: '/usr/local/rocketmq/store/abort',
      maxMessageSize: 65536,
      brokerRole: 'SYNC_MASTER',
      flushDiskType: 'SYNC_FLUSH',
    });
  });

  it('keeps the defaults of the keys the seed comments out', () => {
    const { config } = loadSeed();
    expect(config).toMatchObject({
      destroyMapedFileIntervalForcibly: 120000,
      redeleteHangedFileInterval: 120000,
      flushCommitLogLeastPages: 4,
      flushConsumeQueueLeastPages: 2,
      flushCommitLogThoroughInterval: 10000,
      flushConsumeQueueThoroughInterval: 60000,
      checkTransactionMessageEnable: false,
      sendMessageThreadPoolNums: 4,
      pullMessageThreadPoolNums: 32,
    });
  });

  it('understands the commented-out keys once uncommented', () => {
    const uncommented = seedText.replace(/^#([A-Za-z]+=)/gm, '$1');
    const { config, warnings } = loadBrokerConfig(
      testOptions(['-c', 'broker-a.properties'], { 'broker-a.properties': uncommented }),
    );
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      destroyMapedFileIntervalForcibly: 120000,
      redeleteHangedFileInterval: 120000,
      flushCommitLogLeastPages: 4,
      flushConsumeQueueLeastPages: 2,
      flushCommitLogThoroughInterval: 10000,
      flushConsumeQueueThoroughInterval: 60000,
      checkTransactionMessageEnable: false,
      sendMessageThreadPoolNums: 128,
      pullMessageThreadPoolNums: 128,
    });
  });

  it('records the RocketMQ 3.x spellings and says which was used', () => {
    const { provenance, notices, warnings } = loadSeed();
    expect(warnings).toEqual([]);
    expect(provenance.mappedFileSizeCommitLog).toEqual({
      source: { kind: 'file', file: 'broker-a.properties', line: 24 },
      spelling: 'mapedFileSizeCommitLog',
    });
    expect(provenance.mappedFileSizeConsumeQueue.spelling).toBe('mapedFileSizeConsumeQueue');
    expect(provenance.brokerRole).toEqual({
      source: { kind: 'file', file: 'broker-a.properties', line: 53 },
      spelling: 'brokerRole',
    });
    expect(provenance.flushIntervalCommitLog.source).toEqual({ kind: 'default' });
    expect(notices).toContain(
      "broker-a.properties:24: mappedFileSizeCommitLog: set as 'mapedFileSizeCommitLog', an older spelling; RocketMQ 4.x reads only 'mappedFileSizeCommitLog'",
    );
    expect(notices).toContain(
      'broker-a.properties:26: mappedFileSizeConsumeQueue: 300000 bytes = 15000 entries of 20 bytes per file',
    );
  });

  it('is deeply frozen', () => {
    const { config, provenance } = loadSeed();
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.namesrvAddr)).toBe(true);
    expect(Object.isFrozen(provenance.listenPort.source)).toBe(true);
    expect(() => (config.namesrvAddr as string[]).push('x:1')).toThrow(TypeError);
  });
});

describe('broker derived defaults', () => {
  it('derives ports, paths, addresses and thread counts', () => {
    const { config, provenance } = loadBrokerConfig(testOptions([]));
    expect(config).toMatchObject({
      listenPort: 10911,
      haListenPort: 10912,
      httpListenPort: 10913,
      bindAddress: '0.0.0.0',
      brokerIP1: '10.1.2.3',
      brokerIP2: '10.1.2.3',
      brokerName: 'host-a',
      brokerClusterName: 'DefaultCluster',
      brokerId: 0,
      brokerRole: 'ASYNC_MASTER',
      flushDiskType: 'ASYNC_FLUSH',
      namesrvAddr: [],
      storePathRootDir: '/home/mq/store',
      storePathCommitLog: '/home/mq/store/commitlog',
      storePathConsumeQueue: '/home/mq/store/consumequeue',
      storePathIndex: '/home/mq/store/index',
      storeCheckpoint: '/home/mq/store/checkpoint',
      abortFile: '/home/mq/store/abort',
      defaultTopicQueueNums: 8,
      diskMaxUsedSpaceRatio: 75,
      fileReservedTime: 72,
      deleteWhen: '04',
      maxMessageSize: 4 * 1024 * 1024,
      mappedFileSizeCommitLog: 1024 * 1024 * 1024,
      mappedFileSizeConsumeQueue: 300000 * 20,
      messageDelayLevel: '1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h',
      registerNameServerPeriod: 30000,
      brokerPermission: 6,
      sendMessageThreadPoolNums: 4,
      pullMessageThreadPoolNums: 32,
    });
    expect(provenance.haListenPort.source).toEqual({ kind: 'default', derivation: 'listenPort + 1' });
  });

  it('derives from the effective listenPort, brokerIP1 and storePathRootDir', () => {
    const env = { RMQ_STORE_PATH_ROOT_DIR: '/data/store', RMQ_BROKER_IP1: '172.16.0.5' };
    const { config } = loadBrokerConfig(testOptions(['--listenPort=20911'], {}, env));
    expect(config.haListenPort).toBe(20912);
    expect(config.httpListenPort).toBe(20913);
    expect(config.brokerIP2).toBe('172.16.0.5');
    expect(config.storePathCommitLog).toBe('/data/store/commitlog');
    expect(config.abortFile).toBe('/data/store/abort');
  });

  it('falls back to 127.0.0.1 when the host has no external IPv4', () => {
    const { config } = loadBrokerConfig({ ...testOptions([]), networkInterfaces: () => ({}) });
    expect(config.brokerIP1).toBe('127.0.0.1');
  });
});

describe('broker cross-field checks', () => {
  const file = (text: string) =>
    testOptions(['-c', '/etc/rmq/b.properties'], { '/etc/rmq/b.properties': text });

  it('rejects a master with brokerId > 0, naming both sources', () => {
    const err = errorOf(file('brokerId=1\nbrokerRole=SYNC_MASTER\n'));
    expect(messagesOf(err)).toEqual([
      'b.properties:1: brokerId: brokerId 1 (b.properties:1) does not match brokerRole SYNC_MASTER (b.properties:2): ' +
        'a master (ASYNC_MASTER, SYNC_MASTER) has brokerId 0, a SLAVE has brokerId > 0',
    ]);
  });

  it('rejects a slave with brokerId 0, even when the id is the default', () => {
    const err = errorOf(file('brokerRole=SLAVE\n'));
    expect(err.message).toContain(
      'default: brokerId: brokerId 0 (default) does not match brokerRole SLAVE (b.properties:1)',
    );
  });

  it('accepts a slave with brokerId > 0', () => {
    const { config } = loadBrokerConfig(
      file('brokerRole=SLAVE\nbrokerId=2\nhaMasterAddress=10.0.0.1:10912\n'),
    );
    expect(config.brokerId).toBe(2);
    expect(config.haMasterAddress).toBe('10.0.0.1:10912');
  });

  it('rejects colliding ports, blaming the one set by hand', () => {
    const err = errorOf(file('listenPort=10911\nhttpListenPort=10912\n'));
    expect(messagesOf(err)).toEqual([
      'b.properties:2: httpListenPort: port 10912 collides with haListenPort 10912 (default (listenPort + 1))',
    ]);
  });

  it('rejects a derived port beyond 65535', () => {
    const err = errorOf(file('listenPort=65535\n'));
    expect(messagesOf(err)).toEqual([
      'default (listenPort + 2): httpListenPort: 65537 is outside 1..65535',
      'default (listenPort + 1): haListenPort: 65536 is outside 1..65535',
    ]);
  });

  it('rounds a consume queue size up to a multiple of 20, with a warning', () => {
    const { config, warnings } = loadBrokerConfig(file('mapedFileSizeConsumeQueue=300001\n'));
    expect(config.mappedFileSizeConsumeQueue).toBe(300020);
    expect(warnings.map(formatIssue)).toEqual([
      'b.properties:1: mappedFileSizeConsumeQueue: 300001 is not a multiple of 20 (the consume queue entry size); rounded up to 300020',
    ]);
  });

  it('rejects a commit log file smaller than the largest message', () => {
    const err = errorOf(file('mappedFileSizeCommitLog=1024\nmaxMessageSize=4096\n'));
    expect(messagesOf(err)).toEqual([
      'b.properties:1: mappedFileSizeCommitLog: 1024 bytes cannot hold a message of maxMessageSize 4096 (b.properties:2)',
    ]);
  });

  it('checks diskMaxUsedSpaceRatio is 10..95 and namesrvAddr is host:port items', () => {
    const err = errorOf(file('diskMaxUsedSpaceRatio=99\nnamesrvAddr=ns1:9876;ns2\n'));
    expect(messagesOf(err)).toEqual([
      'b.properties:1: diskMaxUsedSpaceRatio: 99 is outside 10..95',
      "b.properties:2: namesrvAddr: 'ns2' is not host:port (expected 'host:port;host:port')",
    ]);
  });

  it('warns that haMasterAddress on a master is unused, and notes a non-4.x haListenPort', () => {
    const { warnings, notices } = loadBrokerConfig(
      file('haMasterAddress=10.0.0.1:10912\nhaListenPort=12000\n'),
    );
    expect(warnings.map(formatIssue)).toEqual([
      'b.properties:1: haMasterAddress: only a SLAVE uses it, and brokerRole ASYNC_MASTER (default) is a master',
    ]);
    expect(notices).toContain(
      'b.properties:2: haListenPort: RocketMQ 4.x always uses listenPort + 1 (10912); this broker uses 12000',
    );
  });

  it('notes a 3.x store path that 4.x would ignore', () => {
    const { config, notices } = loadBrokerConfig(
      file('storePathRootDir=/s\nstorePathIndex=/elsewhere/index\n'),
    );
    expect(config.storePathIndex).toBe('/elsewhere/index');
    expect(notices).toContain(
      'b.properties:2: storePathIndex: RocketMQ 4.x ignores this key and would use /s/index; this broker uses /elsewhere/index',
    );
  });

  it('clamps registerNameServerPeriod as RocketMQ does, with a warning', () => {
    const { config, warnings } = loadBrokerConfig(file('registerNameServerPeriod=5000\n'));
    expect(config.registerNameServerPeriod).toBe(10000);
    expect(warnings.map(formatIssue)).toEqual([
      'b.properties:1: registerNameServerPeriod: 5000 is outside 10000..60000; clamped to 10000 as RocketMQ does',
    ]);
  });
});
