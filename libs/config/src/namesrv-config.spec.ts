import { testOptions } from './__fixtures__/fake-host';
import { formatIssue } from './config-issue';
import { loadNamesrvConfig } from './namesrv-config.schema';

describe('loadNamesrvConfig', () => {
  it('has RocketMQ defaults and derived ones', () => {
    const { config, provenance } = loadNamesrvConfig(testOptions([]));
    expect(config).toEqual({
      rocketmqHome: '',
      kvConfigPath: '/home/mq/namesrv/kvConfig.json',
      configStorePath: '/home/mq/namesrv/namesrv.properties',
      orderMessageEnable: false,
      listenPort: 9876,
      httpListenPort: 9877,
      bindAddress: '0.0.0.0',
      serverChannelMaxIdleTimeSeconds: 120,
      brokerScanIntervalMs: 10000,
      brokerChannelExpiredTimeMs: 120000,
    });
    expect(provenance.httpListenPort.source).toEqual({ kind: 'default', derivation: 'listenPort + 1' });
  });

  it('reads -c, env and flags; configStorePath follows the -c file', () => {
    const files = {
      'conf/namesrv.properties': 'listenPort=9880\norderMessageEnable=true\nserverWorkerThreads=8\n',
    };
    const env = { ROCKETMQ_HOME: '/opt/rocketmq', RMQ_BIND_ADDRESS: '127.0.0.1' };
    const result = loadNamesrvConfig(testOptions(['-c', 'conf/namesrv.properties', '-p'], files, env));
    expect(result.config).toMatchObject({
      rocketmqHome: '/opt/rocketmq',
      listenPort: 9880,
      httpListenPort: 9881,
      orderMessageEnable: true,
      bindAddress: '127.0.0.1',
      configStorePath: 'conf/namesrv.properties',
    });
    expect(result.printConfig).toBe(true);
    expect(result.notices).toEqual([
      'loaded config file conf/namesrv.properties (3 keys)',
      "namesrv.properties:3: 'serverWorkerThreads' is a RocketMQ setting with no effect here; ignored",
    ]);
  });

  it('rejects -n and a colliding HTTP port', () => {
    expect(() => loadNamesrvConfig(testOptions(['--httpListenPort=9876']))).toThrow(
      '--httpListenPort=9876: httpListenPort: port 9876 collides with listenPort 9876 (default)',
    );
    expect(() => loadNamesrvConfig(testOptions(['-n', 'a:1']))).toThrow('-n: unknown option -n for namesrv');
  });

  it('warns about unknown keys in the file', () => {
    const files = { 'n.properties': 'listenPort=9876\nnamesrvAddr=a:1\n' };
    const { warnings } = loadNamesrvConfig(testOptions(['-c', 'n.properties'], files));
    expect(warnings.map(formatIssue)).toEqual(["n.properties:2: unknown key 'namesrvAddr' ignored"]);
  });
});
