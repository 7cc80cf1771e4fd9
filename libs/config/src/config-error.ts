/**
 * The one error configuration loading throws: it carries every problem found (never just the
 * first), each with its source, and lists them one per line in its message.
 */
import { ConfigIssue, formatIssue } from './config-issue';

export class ConfigError extends Error {
  /** Stable machine-readable name, in the style of the project's RmqError codes. */
  readonly code = 'CONFIG_INVALID';
  readonly retriable = false;
  /** The errors, in the order found. */
  readonly issues: readonly ConfigIssue[];
  /** Warnings found in the same pass, so a caller can still log them. */
  readonly warnings: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], warnings: readonly ConfigIssue[] = []) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super([`invalid configuration (${count}):`, ...issues.map(formatIssue)].join('\n'));
    this.name = 'ConfigError';
    this.issues = Object.freeze([...issues]);
    this.warnings = Object.freeze([...warnings]);
  }
}

export function isConfigError(err: unknown): err is ConfigError {
  return err instanceof ConfigError;
}
