import { commandLineUsage, parseCommandLine } from './command-line';
import { formatIssue } from './config-issue';

describe('parseCommandLine', () => {
  it('reads mqbroker letters: -c file, -n list, -p, -m', () => {
    const cli = parseCommandLine(
      ['-c', 'conf/broker-a.properties', '-n', 'ns1:9876;ns2:9876', '-p', '-m'],
      'broker',
    );
    expect(cli.configFile).toBe('conf/broker-a.properties');
    expect(cli.printConfig).toBe(true);
    expect(cli.printImportantConfig).toBe(true);
    expect(cli.help).toBe(false);
    expect(cli.assignments).toEqual([
      {
        key: 'namesrvAddr',
        value: 'ns1:9876;ns2:9876',
        source: { kind: 'argv', arg: '-n ns1:9876;ns2:9876' },
      },
    ]);
    expect(cli.issues).toEqual([]);
  });

  it('accepts -cfile, bundled flags and RocketMQ long option names', () => {
    const cli = parseCommandLine(['-cconf/a.properties', '-pm'], 'broker');
    expect(cli).toMatchObject({
      configFile: 'conf/a.properties',
      printConfig: true,
      printImportantConfig: true,
    });
    const long = parseCommandLine(['--configFile=x.properties', '--printConfigItem', '--help'], 'broker');
    expect(long).toMatchObject({ configFile: 'x.properties', printConfig: true, help: true, issues: [] });
    expect(parseCommandLine(['--configFile', 'y.properties'], 'namesrv').configFile).toBe('y.properties');
  });

  it('turns --key=value into assignments, keeping the argument as the source', () => {
    const cli = parseCommandLine(['--listenPort=10921', '--brokerName=', '--namesrvAddr=a:1;b:2'], 'broker');
    expect(cli.assignments).toEqual([
      { key: 'listenPort', value: '10921', source: { kind: 'argv', arg: '--listenPort=10921' } },
      { key: 'brokerName', value: '', source: { kind: 'argv', arg: '--brokerName=' } },
      { key: 'namesrvAddr', value: 'a:1;b:2', source: { kind: 'argv', arg: '--namesrvAddr=a:1;b:2' } },
    ]);
  });

  it('gives mqnamesrv only -c, -p and -h', () => {
    const cli = parseCommandLine(['-m', '-n', 'a:1', '-h'], 'namesrv');
    expect(cli.help).toBe(true);
    expect(cli.issues.map(formatIssue)).toEqual([
      '-m: unknown option -m for namesrv (options: -c -p -h)',
      '-n: unknown option -n for namesrv (options: -c -p -h)',
      "a:1: unexpected argument 'a:1' (use --key=value)",
    ]);
  });

  it('reports malformed arguments', () => {
    const cli = parseCommandLine(['--slaveReadEnable', 'stray', '-c'], 'broker');
    expect(cli.issues.map(formatIssue)).toEqual([
      '--slaveReadEnable: expected --key=value',
      "stray: unexpected argument 'stray' (use --key=value)",
      '-c: -c needs a value',
    ]);
  });

  it('warns when -c is given twice and keeps the last', () => {
    const cli = parseCommandLine(['-c', 'a.properties', '-c', 'b.properties'], 'broker');
    expect(cli.configFile).toBe('b.properties');
    expect(cli.issues.map((i) => [i.severity, formatIssue(i)])).toEqual([
      ['warning', "-c b.properties: -c given twice; 'b.properties' wins"],
    ]);
  });

  it('prints a usage per app', () => {
    expect(commandLineUsage('broker')[0]).toBe(
      'usage: mqbroker [-c <value>] [-n <value>] [-p] [-m] [-h] [--key=value ...]',
    );
    expect(commandLineUsage('namesrv')).toHaveLength(4);
  });
});
