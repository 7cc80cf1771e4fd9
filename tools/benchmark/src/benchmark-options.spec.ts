import {
  BenchmarkUsageError,
  intOption,
  parseBenchmarkOptions,
  OptionSpec,
  boolOption,
} from './benchmark-options';

const SPECS: OptionSpec[] = [
  { short: 'w', long: 'threadCount', kind: 'int', description: 'threads' },
  { short: 'k', long: 'keyEnable', kind: 'bool', description: 'keys' },
  { long: 'seconds', kind: 'int', description: 'run time' },
];

describe('benchmark options', () => {
  it('reads short and long forms, with and without =', () => {
    const parsed = parseBenchmarkOptions(['-w', '8', '--keyEnable', 'true', '--seconds=5'], SPECS);
    expect(intOption(parsed, 'threadCount', 64)).toBe(8);
    expect(boolOption(parsed, 'keyEnable', false)).toBe(true);
    expect(intOption(parsed, 'seconds', 0)).toBe(5);
    expect(intOption(parseBenchmarkOptions([], SPECS), 'threadCount', 64)).toBe(64);
  });

  it.each([
    [['-x', '1'], "unknown option '-x'"],
    [['-w'], 'needs a value'],
    [['-w', 'many'], 'must be a whole number'],
    [['-k', 'yes'], 'must be true or false'],
  ])('%j is refused: %s', (args, message) => {
    expect(() => parseBenchmarkOptions(args, SPECS)).toThrow(BenchmarkUsageError);
    expect(() => parseBenchmarkOptions(args, SPECS)).toThrow(message);
  });
});
