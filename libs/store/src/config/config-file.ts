/**
 * One JSON config file persisted like RocketMQ's ConfigManager, on the FileSystem port. Invariant:
 * the main file only ever changes by an atomic rename of a fully written and fsynced temp file, so
 * it is never half written; `.bak` holds the content the main file had before the last persist.
 */
import { StoreIoError } from '../errors/store-io.error';
import { FileSystem, parentOf } from '../fs/file-system';
import { ConfigFileCorruptError } from './config-file-corrupt.error';
import { BACKUP_SUFFIX, TEMP_SUFFIX } from './config-file-names';
import { ConfigLogger, NOOP_CONFIG_LOGGER } from './config-logger';

/** Turns a table into the file's bytes and back; decode throws on anything it cannot read. */
export interface ConfigCodec<T> {
  encode(value: T): Buffer;
  decode(bytes: Buffer): T;
}

/** Which file a load used: the main file, the backup, or neither (a new store). */
export type ConfigLoadSource = 'main' | 'bak' | 'none';

export interface ConfigLoadResult<T> {
  readonly value: T | undefined;
  readonly source: ConfigLoadSource;
}

export class ConfigFile<T> {
  readonly bakPath: string;
  readonly tmpPath: string;
  /** Persists run one at a time (RocketMQ's persist is synchronized): they share the temp file. */
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly fs: FileSystem,
    readonly path: string,
    private readonly codec: ConfigCodec<T>,
    private readonly logger: ConfigLogger = NOOP_CONFIG_LOGGER,
  ) {
    this.bakPath = path + BACKUP_SUFFIX;
    this.tmpPath = path + TEMP_SUFFIX;
  }

  /**
   * Reads the main file; falls back to `.bak` when the main file is missing, empty or does not
   * decode (as ConfigManager.load/loadBak). A leftover `.tmp` is an interrupted persist whose rename
   * never happened: it is never the truth, so it is removed. Both files present and unreadable, or
   * a bad main file without a backup, throws ConfigFileCorruptError (RocketMQ starts empty there).
   */
  load(): ConfigLoadResult<T> {
    this.removeLeftoverTemp();
    const main = this.tryRead(this.path);
    if (main.kind === 'ok') {
      this.logger.info({ file: this.path }, 'config file loaded');
      return { value: main.value, source: 'main' };
    }
    if (main.kind === 'bad') {
      this.logger.error({ file: this.path, reason: main.reason }, 'config file unreadable, trying its .bak');
    }
    const bak = this.tryRead(this.bakPath);
    if (bak.kind === 'ok') {
      this.logger.warn(
        { file: this.path, bak: this.bakPath, mainState: main.kind === 'bad' ? 'unreadable' : 'missing' },
        'config file loaded from its .bak',
      );
      return { value: bak.value, source: 'bak' };
    }
    if (main.kind === 'missing' && bak.kind === 'missing') return { value: undefined, source: 'none' };
    const reasons = [main, bak].map((r, i) => `${i === 0 ? 'main' : '.bak'}: ${describe(r)}`).join('; ');
    throw new ConfigFileCorruptError(this.path, reasons, main.kind === 'bad' ? main.cause : undefined);
  }

  /**
   * Writes `value` so that a crash at any point leaves a readable main file. RocketMQ's
   * MixAll.string2File does: write `<file>.tmp`; copy the current `<file>` to `<file>.bak`; delete
   * `<file>`; rename `.tmp` to `<file>`. We keep that order and add what it lacks: fsync of the temp
   * file and of the `.bak` before the rename, no delete (rename replaces atomically, so there is no
   * moment without a main file), and an fsync of the directory so the rename itself is durable.
   * An empty or missing main file is not copied over a good `.bak`.
   */
  persist(value: T): Promise<void> {
    const run = this.pending.then(() => this.write(this.codec.encode(value)));
    this.pending = run.catch(() => undefined);
    return run;
  }

  private async write(data: Buffer): Promise<void> {
    const dir = parentOf(this.path);
    try {
      this.fs.mkdirs(dir);
      await this.writeDurably(this.tmpPath, data);
      const previous = this.fs.exists(this.path) ? this.fs.readFile(this.path) : undefined;
      if (previous !== undefined && previous.length > 0) await this.writeDurably(this.bakPath, previous);
      this.fs.rename(this.tmpPath, this.path);
      await this.fs.syncDirectory(dir);
    } catch (err) {
      if (err instanceof StoreIoError) throw err;
      throw new StoreIoError(`persisting config file ${this.path} failed: ${String(err)}`, {
        context: { file: this.path },
        cause: err,
      });
    }
  }

  private async writeDurably(path: string, data: Buffer): Promise<void> {
    const handle = this.fs.open(path);
    try {
      handle.truncate(0);
      handle.write(data, 0);
      await handle.sync();
    } finally {
      handle.close();
    }
  }

  private removeLeftoverTemp(): void {
    if (!this.fs.exists(this.tmpPath)) return;
    this.logger.warn({ file: this.tmpPath }, 'removing the temp file of an interrupted config persist');
    this.fs.remove(this.tmpPath);
  }

  private tryRead(path: string): ReadOutcome<T> {
    if (!this.fs.exists(path)) return { kind: 'missing' };
    try {
      const bytes = this.fs.readFile(path);
      if (bytes.length === 0) return { kind: 'missing' };
      return { kind: 'ok', value: this.codec.decode(bytes) };
    } catch (err) {
      return { kind: 'bad', reason: err instanceof Error ? err.message : String(err), cause: err };
    }
  }
}

type ReadOutcome<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'missing' }
  | { readonly kind: 'bad'; readonly reason: string; readonly cause: unknown };

function describe<T>(outcome: ReadOutcome<T>): string {
  return outcome.kind === 'bad' ? outcome.reason : outcome.kind;
}
