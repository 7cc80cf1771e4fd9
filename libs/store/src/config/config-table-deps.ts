/**
 * What every config table needs from its host: the file system, the store root whose `config/`
 * directory holds the files, a clock for DataVersion timestamps, and a logger.
 */
import { FileSystem } from '../fs/file-system';
import { ConfigLogger } from './config-logger';

export interface ConfigTableDeps {
  readonly fs: FileSystem;
  readonly storePathRootDir: string;
  /** ms since the epoch; DataVersion.nextVersion stamps changes with it. */
  readonly nowMs?: () => number;
  readonly logger?: ConfigLogger;
}
