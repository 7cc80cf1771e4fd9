import {
  ToolUsageError,
  defaultNamesrvAddr,
  intOption,
  parseToolOptions,
  OptionSpec,
  boolOption,
} from './tool-options';

const SPECS: OptionSpec[] = [
  { short: 'w', long: 'threadCount', kind: 'int', description: 'threads' },
  { short: 'k', long: 'keyEnable', kind: 'bool', description: 'keys' },
  { long: 'seconds', kind: 'int', description: 'run time' },
];

describe('tool options', () => {
  it('reads short and long forms, with and without =', () => {
    const parsed = parseToolOptions(['-w', '8', '--keyEnable', 'true', '--seconds=5'], SPECS);
    expect(intOption(parsed, 'threadCount', 64)).toBe(8);
    expect(boolOption(parsed, 'keyEnable', false)).toBe(true);
    expect(intOption(parsed, 'seconds', 0)).toBe(5);
    expect(intOption(parseToolOptions([], SPECS), 'threadCount', 64)).toBe(64);
  });

  it.each([
    [['-x', '1'], "unknown option '-x'"],
    [['-w'], 'needs a value'],
    [['-w', 'many'], 'must be a whole number'],
    [['-k', 'yes'], 'must be true or false'],
  ])('%j is refused: %s', (args, message) => {
    expect(() => parseToolOptions(args, SPECS)).toThrow(ToolUsageError);
    expect(() => parseToolOptions(args, SPECS)).toThrow(message);
  });
});

describe('defaultNamesrvAddr', () => {
  it('reads NAMESRV_ADDR like RocketMQ tools, else the local NameServer', () => {
    expect(defaultNamesrvAddr({ NAMESRV_ADDR: 'ns1:9876;ns2:9876' })).toBe('ns1:9876;ns2:9876');
    expect(defaultNamesrvAddr({ NAMESRV_ADDR: ' ' })).toBe('127.0.0.1:9876');
    expect(defaultNamesrvAddr({})).toBe('127.0.0.1:9876');
  });
});
