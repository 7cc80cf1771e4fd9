/**
 * A problem or remark found while loading configuration. Errors stop start-up (all of them are
 * collected first), warnings are logged, notices are informational (e.g. which spelling was used).
 */
import { ConfigSource, describeSource } from './config-source';

export type ConfigIssueSeverity = 'error' | 'warning' | 'notice';

export interface ConfigIssue {
  readonly severity: ConfigIssueSeverity;
  readonly source: ConfigSource;
  /** The canonical key concerned, when there is one. */
  readonly key?: string;
  readonly message: string;
}

/** `broker-a.properties:12: brokerRole: 'MASTER' is not one of ASYNC_MASTER, SYNC_MASTER, SLAVE`. */
export function formatIssue(issue: ConfigIssue): string {
  const key = issue.key === undefined ? '' : `${issue.key}: `;
  return `${describeSource(issue.source)}: ${key}${issue.message}`;
}

export function configIssue(
  severity: ConfigIssueSeverity,
  source: ConfigSource,
  message: string,
  key?: string,
): ConfigIssue {
  return key === undefined ? { severity, source, message } : { severity, source, key, message };
}
