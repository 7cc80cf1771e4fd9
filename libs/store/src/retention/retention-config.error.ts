/** A retention setting that cannot mean anything (e.g. deleteWhen "25"): found at construction, not at 4 am. */
import { RmqError } from '@rmq/protocol';

export class RetentionConfigError extends RmqError {
  constructor(key: string, value: unknown, why: string) {
    super('RETENTION_CONFIG_INVALID', 1, `${key}=${String(value)}: ${why}`, { context: { key, value } });
  }
}
