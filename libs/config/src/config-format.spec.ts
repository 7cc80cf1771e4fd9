import { testOptions } from './__fixtures__/fake-host';
import { BROKER_CONFIG_SCHEMA, loadBrokerConfig } from './broker-config.schema';
import { formatConfig, formatHelp } from './config-format';
import { importantKeys } from './config-schema';
import { NAMESRV_CONFIG_SCHEMA, loadNamesrvConfig } from './namesrv-config.schema';

describe('formatConfig', () => {
  it('prints sorted key=value lines, lists joined with ;', () => {
    const { config } = loadNamesrvConfig(testOptions([]));
    expect(formatConfig(config)).toBe(
      [
        'bindAddress=0.0.0.0',
        'brokerChannelExpiredTimeMs=120000',
        'brokerScanIntervalMs=10000',
        'configStorePath=/home/mq/namesrv/namesrv.properties',
        'httpListenPort=9877',
        'kvConfigPath=/home/mq/namesrv/kvConfig.json',
        'listenPort=9876',
        'orderMessageEnable=false',
        'rocketmqHome=',
        'serverChannelMaxIdleTimeSeconds=120',
      ].join('\n'),
    );
  });

  it('prints only the important keys for -m', () => {
    const { config } = loadBrokerConfig(testOptions(['-n', 'a:1;b:2']));
    const text = formatConfig(config, { only: importantKeys(BROKER_CONFIG_SCHEMA) });
    expect(text).toContain('namesrvAddr=a:1;b:2');
    expect(text).toContain('brokerRole=ASYNC_MASTER');
    expect(text).not.toContain('maxHashSlotNum=');
    const lines = text.split('\n');
    expect([...lines].sort()).toEqual(lines);
  });

  it('round-trips through the properties parser', () => {
    const { config } = loadBrokerConfig(testOptions(['-n', 'a:1;b:2', '--brokerRole=SLAVE', '--brokerId=1']));
    const again = loadBrokerConfig(testOptions(['-c', 'dump'], { dump: formatConfig(config) }));
    expect(again.config).toEqual(config);
    expect(again.warnings).toEqual([]);
  });
});

describe('formatHelp', () => {
  it('lists usage, every key with its default, type and env variable', () => {
    const help = formatHelp(NAMESRV_CONFIG_SCHEMA);
    expect(help).toContain('usage: mqnamesrv [-c <value>] [-p] [-h] [--key=value ...]');
    expect(help).toContain('  listenPort=9876  (int; env RMQ_LISTEN_PORT)');
    expect(help).toContain('  httpListenPort=<listenPort + 1>  (int; env RMQ_HTTP_LISTEN_PORT)');
    expect(help).toContain('  rocketmqHome=  (string; env RMQ_ROCKETMQ_HOME, ROCKETMQ_HOME)');
    const brokerHelp = formatHelp(BROKER_CONFIG_SCHEMA);
    expect(brokerHelp).toContain(
      'brokerRole=ASYNC_MASTER  (ASYNC_MASTER|SYNC_MASTER|SLAVE; env RMQ_BROKER_ROLE)',
    );
    expect(brokerHelp).toContain('(int; env RMQ_MAPPED_FILE_SIZE_COMMIT_LOG; also mapedFileSizeCommitLog)');
  });
});
