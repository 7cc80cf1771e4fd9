/**
 * Neither a config file nor its `.bak` could be read. RocketMQ would start with an empty table here
 * (silently forgetting topics or consumer offsets); we stop instead and let the operator decide.
 */
import { RmqError } from '@rmq/protocol';

export class ConfigFileCorruptError extends RmqError {
  constructor(file: string, reason: string, cause?: unknown) {
    super('CONFIG_FILE_CORRUPT', 1, `config file ${file} and its .bak cannot be loaded: ${reason}`, {
      retriable: false,
      context: { file },
      cause,
    });
  }
}
