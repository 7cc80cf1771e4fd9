import { testOptions } from './__fixtures__/fake-host';
import { loadBrokerConfig } from './broker-config.schema';
import { ConfigError } from './config-error';
import { formatIssue } from './config-issue';
import { intKey, hostPortListKey, portKey } from './config-keys';
import { LoadOptions, loadConfig } from './config-loader';
import { defineConfig, envVarName } from './config-schema';
import { checkDistinctPorts } from './config-checks';

const FILE = '/etc/rmq/broker-a.properties';

function problems(options: LoadOptions): string[] {
  try {
    loadBrokerConfig(options);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map(formatIssue);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('precedence: defaults < file < env < flags', () => {
  const file = {
    [FILE]: 'listenPort=11000\nbrokerName=from-file\nbrokerClusterName=file-cluster\nnamesrvAddr=f:1\n',
  };

  it('lets each layer override the one below, recording the source', () => {
    const env = { RMQ_LISTEN_PORT: '12000', RMQ_BROKER_NAME: 'from-env', NAMESRV_ADDR: 'e:1' };
    const { config, provenance } = loadBrokerConfig(
      testOptions(['-c', FILE, '--listenPort=13000'], file, env),
    );
    expect(config.listenPort).toBe(13000);
    expect(config.brokerName).toBe('from-env');
    expect(config.brokerClusterName).toBe('file-cluster');
    expect(config.namesrvAddr).toEqual(['e:1']);
    expect(config.brokerId).toBe(0);
    expect(provenance.listenPort.source).toEqual({ kind: 'argv', arg: '--listenPort=13000' });
    expect(provenance.brokerName.source).toEqual({ kind: 'env', variable: 'RMQ_BROKER_NAME' });
    expect(provenance.brokerClusterName.source).toEqual({
      kind: 'file',
      file: 'broker-a.properties',
      line: 3,
    });
    expect(provenance.brokerId.source).toEqual({ kind: 'default' });
  });

  it('prefers RMQ_NAMESRV_ADDR over NAMESRV_ADDR, and -n over both', () => {
    const both = { NAMESRV_ADDR: 'native:1', RMQ_NAMESRV_ADDR: 'prefixed:1' };
    expect(loadBrokerConfig(testOptions([], {}, both)).config.namesrvAddr).toEqual(['prefixed:1']);
    const { config, provenance } = loadBrokerConfig(testOptions(['-n', 'a:9876;b:9876'], {}, both));
    expect(config.namesrvAddr).toEqual(['a:9876', 'b:9876']);
    expect(provenance.namesrvAddr.source).toEqual({ kind: 'argv', arg: '-n a:9876;b:9876' });
  });

  it('reads ROCKETMQ_HOME and any key as RMQ_<UPPER_SNAKE>', () => {
    const env = {
      ROCKETMQ_HOME: '/opt/rocketmq',
      RMQ_BROKER_IP1: '10.9.9.9',
      RMQ_STORE_PATH_ROOT_DIR: '/data',
      RMQ_CHECK_CRC_ON_RECOVER: 'false',
      RMQ_MAPED_FILE_SIZE_COMMIT_LOG: '20480000',
    };
    const { config, provenance } = loadBrokerConfig(testOptions([], {}, env));
    expect(config).toMatchObject({
      rocketmqHome: '/opt/rocketmq',
      brokerIP1: '10.9.9.9',
      storePathRootDir: '/data',
      checkCRCOnRecover: false,
      mappedFileSizeCommitLog: 20480000,
    });
    expect(provenance.mappedFileSizeCommitLog.spelling).toBe('mapedFileSizeCommitLog');
  });

  it('names env variables by upper snake case', () => {
    expect(envVarName('listenPort')).toBe('RMQ_LISTEN_PORT');
    expect(envVarName('brokerIP1')).toBe('RMQ_BROKER_IP1');
    expect(envVarName('storePathRootDir')).toBe('RMQ_STORE_PATH_ROOT_DIR');
    expect(envVarName('checkCRCOnRecover')).toBe('RMQ_CHECK_CRC_ON_RECOVER');
  });

  it('gives an unknown RMQ_* variable a notice only', () => {
    const { notices, warnings } = loadBrokerConfig(testOptions([], {}, { RMQ_FIXTURES: '/x' }));
    expect(warnings).toEqual([]);
    expect(notices).toContain('env RMQ_FIXTURES: not a broker key; ignored');
  });
});

describe('spellings', () => {
  it('prefers the 4.x spelling within one source and warns', () => {
    const text = 'mappedFileSizeCommitLog=20000000\nmapedFileSizeCommitLog=10000000\n';
    const { config, warnings, provenance } = loadBrokerConfig(testOptions(['-c', FILE], { [FILE]: text }));
    expect(config.mappedFileSizeCommitLog).toBe(20000000);
    expect(provenance.mappedFileSizeCommitLog.spelling).toBe('mappedFileSizeCommitLog');
    expect(warnings.map(formatIssue)).toEqual([
      "broker-a.properties:2: mappedFileSizeCommitLog: 'mapedFileSizeCommitLog' is an older spelling of " +
        "'mappedFileSizeCommitLog', which is also set (broker-a.properties:1) and wins",
    ]);
  });

  it('lets a higher source win whatever its spelling', () => {
    const text = 'mappedFileSizeCommitLog=20000000\n';
    const options = testOptions(['-c', FILE, '--mapedFileSizeCommitLog=30000000'], { [FILE]: text });
    const { config, warnings, provenance } = loadBrokerConfig(options);
    expect(config.mappedFileSizeCommitLog).toBe(30000000);
    expect(warnings).toEqual([]);
    expect(provenance.mappedFileSizeCommitLog).toEqual({
      source: { kind: 'argv', arg: '--mapedFileSizeCommitLog=30000000' },
      spelling: 'mapedFileSizeCommitLog',
    });
  });
});

describe('errors: all collected, each with its source', () => {
  it('lists every problem, one per line, with file lines, env names and flags', () => {
    const text = [
      'brokerClusterName=c',
      'brokerRole=MASTER',
      'autoCreateTopicEnable=ture',
      'maxMessageSize=4MB',
      'deleteWhen=4am',
      'messageDelayLevel=1s 5x',
    ].join('\n');
    const env = { RMQ_LISTEN_PORT: 'abc' };
    const options = testOptions(['-c', FILE, '--flushDiskType=X', '--noSuchKey=1'], { [FILE]: text }, env);
    const expected = [
      "broker-a.properties:2: brokerRole: 'MASTER' is not one of ASYNC_MASTER, SYNC_MASTER, SLAVE",
      "broker-a.properties:3: autoCreateTopicEnable: 'ture' is not a boolean (true or false)",
      "broker-a.properties:4: maxMessageSize: '4MB' is not an integer",
      "broker-a.properties:5: deleteWhen: '4am' is not a ';'-separated list of hours 0..23",
      "broker-a.properties:6: messageDelayLevel: '5x' is not a delay such as 1s, 5m, 2h or 1d",
      "env RMQ_LISTEN_PORT: listenPort: 'abc' is not an integer",
      "--noSuchKey=1: unknown key 'noSuchKey' for broker",
      "--flushDiskType=X: flushDiskType: 'X' is not one of ASYNC_FLUSH, SYNC_FLUSH",
    ];
    expect(problems(options)).toEqual(expected);
    try {
      loadBrokerConfig(options);
    } catch (err) {
      expect((err as Error).message).toBe(['invalid configuration (8 problems):', ...expected].join('\n'));
      expect(err).toMatchObject({ code: 'CONFIG_INVALID', retriable: false });
    }
  });

  it('names the path of a missing -c file', () => {
    expect(problems(testOptions(['-c', '/nope/broker-a.properties']))).toEqual([
      '-c /nope/broker-a.properties: config file /nope/broker-a.properties not found',
    ]);
  });

  it('reports an unreadable -c file with the reason', () => {
    const readFile = (): string => {
      throw new Error('EACCES: permission denied');
    };
    expect(problems({ ...testOptions(['-c', '/x.properties']), readFile })).toEqual([
      '-c /x.properties: config file /x.properties unreadable (EACCES: permission denied)',
    ]);
  });

  it('rejects command-line mistakes together with value errors', () => {
    expect(problems(testOptions(['--listenPort=0', '-x']))).toEqual([
      '-x: unknown option -x for broker (options: -c -n -p -m -h)',
      '--listenPort=0: listenPort: 0 is outside 1..65535',
    ]);
  });
});

describe('warnings and notices', () => {
  it('warns about unknown keys with their line, and suggests a near spelling', () => {
    const text = 'brokerName=a\nfooBar=1\nlistenport=10911\n';
    const { warnings } = loadBrokerConfig(testOptions(['-c', FILE], { [FILE]: text }));
    expect(warnings.map(formatIssue)).toEqual([
      "broker-a.properties:2: unknown key 'fooBar' ignored",
      "broker-a.properties:3: unknown key 'listenport' ignored (did you mean 'listenPort'?)",
    ]);
  });

  it('accepts inert RocketMQ keys with a notice and unsupported ones with a warning', () => {
    const text = 'serverWorkerThreads=8\naclEnable=true\n';
    const { warnings, notices } = loadBrokerConfig(testOptions(['-c', FILE], { [FILE]: text }));
    expect(notices).toContain(
      "broker-a.properties:1: 'serverWorkerThreads' is a RocketMQ setting with no effect here; ignored",
    );
    expect(warnings.map(formatIssue)).toEqual([
      "broker-a.properties:2: 'aclEnable' is a RocketMQ feature this implementation lacks; ignored",
    ]);
  });

  it('trims typed values with a warning, and keeps strings as written', () => {
    const text = 'listenPort=10911 \nautoCreateTopicEnable=true\t\nrocketmqHome=/opt/rmq \n';
    const { config, warnings } = loadBrokerConfig(testOptions(['-c', FILE], { [FILE]: text }));
    expect(config.listenPort).toBe(10911);
    expect(config.autoCreateTopicEnable).toBe(true);
    expect(config.rocketmqHome).toBe('/opt/rmq ');
    expect(warnings.map(formatIssue)).toEqual([
      'broker-a.properties:1: listenPort: surrounding whitespace removed',
      'broker-a.properties:2: autoCreateTopicEnable: surrounding whitespace removed',
      'broker-a.properties:3: rocketmqHome: value has surrounding whitespace; kept as written',
    ]);
  });

  it('warns when a flag repeats', () => {
    const { config, warnings } = loadBrokerConfig(testOptions(['--listenPort=1000', '--listenPort=2000']));
    expect(config.listenPort).toBe(2000);
    expect(warnings.map(formatIssue)).toEqual([
      '--listenPort=2000: listenPort: given 2 times; the last value wins',
    ]);
  });
});

describe('command-line modes', () => {
  it('returns -p and -m to the caller', () => {
    const result = loadBrokerConfig(testOptions(['-p', '-m']));
    expect(result.printConfig).toBe(true);
    expect(result.printImportantConfig).toBe(true);
  });

  it('answers -h without reading the file or validating', () => {
    const result = loadBrokerConfig(testOptions(['-h', '-c', '/missing.properties', '--listenPort=oops']));
    expect(result.help).toBe(true);
    expect(result.config.listenPort).toBe(10911);
  });
});

describe('loadConfig with an app-defined schema', () => {
  const schema = defineConfig({
    app: 'ha-replicator',
    keys: {
      listenPort: portKey({ default: 9880, description: 'remoting port for brokers' }),
      httpListenPort: portKey({
        default: (ctx) => ctx.int('listenPort') + 1,
        derivation: 'listenPort + 1',
        description: 'HTTP',
      }),
      namesrvAddr: hostPortListKey({
        default: ['127.0.0.1:9876'],
        envAliases: ['NAMESRV_ADDR'],
        description: 'name servers',
      }),
      leaseMs: intKey({ default: 10_000, min: 1000, description: 'master lease' }),
    },
    checks: (config, provenance) => checkDistinctPorts(config, provenance, ['listenPort', 'httpListenPort']),
  });

  it('loads typed values from every layer', () => {
    const { config } = loadConfig(schema, {
      argv: ['-n', 'a:1', '--leaseMs=5000'],
      env: { RMQ_LISTEN_PORT: '9990' },
    });
    const leaseMs: number = config.leaseMs;
    expect({ ...config, leaseMs }).toEqual({
      listenPort: 9990,
      httpListenPort: 9991,
      namesrvAddr: ['a:1'],
      leaseMs: 5000,
    });
  });

  it('applies its own checks', () => {
    expect(() => loadConfig(schema, { argv: ['--httpListenPort=9880'], env: {} })).toThrow(
      '--httpListenPort=9880: httpListenPort: port 9880 collides with listenPort 9880 (default)',
    );
  });

  it('refuses a schema that claims a spelling twice', () => {
    const dup = { ...schema.keys, other: intKey({ default: 1, aliases: ['leaseMs'], description: 'x' }) };
    expect(() => defineConfig({ app: 'console', keys: dup })).toThrow(
      "config schema bug: 'leaseMs' is claimed twice",
    );
  });
});
