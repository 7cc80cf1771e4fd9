import { DEFAULT_MESSAGE_DELAY_LEVEL, deliverTimestampMs, parseDelayLevels } from './delay-level';
import { InvalidDelayLevelError } from './invalid-delay-level.error';

describe('delay levels', () => {
  it('parses RocketMQ default levels to ms', () => {
    const table = parseDelayLevels(DEFAULT_MESSAGE_DELAY_LEVEL);
    expect(table).toHaveLength(18);
    expect(table.slice(0, 6)).toEqual([1000, 5000, 10_000, 30_000, 60_000, 120_000]);
    expect(table.slice(-3)).toEqual([1_800_000, 3_600_000, 7_200_000]);
    expect(parseDelayLevels('2d 3h')).toEqual([172_800_000, 10_800_000]);
  });

  it('rejects words that are not <integer><s|m|h|d>', () => {
    expect(() => parseDelayLevels('1s 5x')).toThrow(InvalidDelayLevelError);
    expect(() => parseDelayLevels('1.5s')).toThrow(/word 1 "1.5s"/);
    expect(() => parseDelayLevels('  ')).toThrow(/empty/);
  });

  it('computes the delivery time, clamping the level to the highest one', () => {
    const table = parseDelayLevels('1s 5s 10s');
    expect(deliverTimestampMs('3', 1000, table)).toBe(11_000);
    expect(deliverTimestampMs('18', 1000, table)).toBe(11_000);
    expect(deliverTimestampMs('1', 1000, table)).toBe(2000);
    expect(deliverTimestampMs('0', 1000, table)).toBeUndefined();
    expect(deliverTimestampMs('-2', 1000, table)).toBeUndefined();
    expect(deliverTimestampMs('x', 1000, table)).toBeUndefined();
  });
});
