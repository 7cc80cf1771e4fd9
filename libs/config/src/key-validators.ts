/**
 * Reusable `validate` and `adjust` functions for key specs. A validator returns a message for a
 * value that is not allowed; an adjuster mirrors a silent RocketMQ correction, but out loud.
 */
import { Adjustment } from './config-keys';
import { parseHostPort } from './value-parsers';

/** A name or path that must not be empty or contain whitespace. */
export function noBlanks(value: string): string | undefined {
  if (value === '') return 'must not be empty';
  return /\s/.test(value) ? `'${value}' must not contain whitespace` : undefined;
}

/** Empty (not set) or one `host:port`. */
export function optionalHostPort(value: string): string | undefined {
  if (value === '') return undefined;
  const parsed = parseHostPort(value);
  return parsed.ok ? undefined : parsed.message;
}

/** `deleteWhen`: hours of the day separated by `;` (RocketMQ parses each with Integer.parseInt). */
export function hourList(value: string): string | undefined {
  const bad = value.split(';').find((h) => !/^\d{1,2}$/.test(h) || Number(h) > 23);
  return bad === undefined ? undefined : `'${value}' is not a ';'-separated list of hours 0..23`;
}

/** `messageDelayLevel`: space-separated durations, each a number and a unit s, m, h or d. */
export function delayLevels(value: string): string | undefined {
  const levels = value.trim().split(/\s+/);
  const bad = levels.find((level) => !/^\d+[smhd]$/.test(level));
  if (value.trim() === '' || bad !== undefined) {
    return `'${bad ?? value}' is not a delay such as 1s, 5m, 2h or 1d`;
  }
  return undefined;
}

/** Rounds up to a multiple of `unitBytes`, as MessageStoreConfig.getMappedFileSizeConsumeQueue does. */
export function roundUpToMultiple(
  unitBytes: number,
  what: string,
): (value: number) => Adjustment<number> | undefined {
  return (value) => {
    if (value % unitBytes === 0) return undefined;
    const rounded = Math.ceil(value / unitBytes) * unitBytes;
    return {
      value: rounded,
      message: `${value} is not a multiple of ${unitBytes} (${what}); rounded up to ${rounded}`,
    };
  };
}

/** Clamps into min..max, as RocketMQ does for some timers. */
export function clampTo(min: number, max: number): (value: number) => Adjustment<number> | undefined {
  return (value) => {
    const clamped = Math.min(max, Math.max(min, value));
    if (clamped === value) return undefined;
    return {
      value: clamped,
      message: `${value} is outside ${min}..${max}; clamped to ${clamped} as RocketMQ does`,
    };
  };
}
