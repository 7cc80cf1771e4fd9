/**
 * A named-entry table persisted as one config/*.json file with a DataVersion, as RocketMQ's
 * TopicConfigManager and SubscriptionGroupManager keep theirs: every change bumps the version
 * (counter + 1, timestamp = now) and is persisted before the call resolves. Entries are copied in
 * and out, so callers never hold the table's own objects.
 */
import { DataVersion, nextDataVersion } from '@rmq/protocol';
import { ConfigFile, ConfigLoadSource } from './config-file';
import { configFilePath, ConfigFileName } from './config-file-names';
import { NOOP_CONFIG_LOGGER } from './config-logger';
import { ConfigTableDeps } from './config-table-deps';

export interface VersionedEntries<V> {
  dataVersion: DataVersion;
  entries: Map<string, V>;
}

/** How one file's wrapper is written and read, and what names an entry. */
export interface VersionedTableFormat<V> {
  readonly fileName: ConfigFileName;
  nameOf(entry: V): string;
  encode(value: VersionedEntries<V>): Buffer;
  decode(bytes: Buffer): VersionedEntries<V>;
}

export class VersionedConfigTable<V extends object> {
  private readonly file: ConfigFile<VersionedEntries<V>>;
  private readonly nowMs: () => number;
  private readonly table = new Map<string, V>();
  private version: DataVersion;

  constructor(
    deps: ConfigTableDeps,
    private readonly format: VersionedTableFormat<V>,
  ) {
    this.nowMs = deps.nowMs ?? Date.now;
    this.file = new ConfigFile(
      deps.fs,
      configFilePath(deps.storePathRootDir, format.fileName),
      { encode: (v) => format.encode(v), decode: (b) => format.decode(b) },
      deps.logger ?? NOOP_CONFIG_LOGGER,
    );
    this.version = { timestamp: this.nowMs(), counter: 0 };
  }

  get path(): string {
    return this.file.path;
  }

  /** Replaces the table with the file's content (or leaves it empty for a new store). */
  load(): ConfigLoadSource {
    const { value, source } = this.file.load();
    this.table.clear();
    if (value !== undefined) {
      for (const [name, entry] of value.entries) this.table.set(name, { ...entry });
      this.version = { ...value.dataVersion };
    }
    return source;
  }

  get(name: string): V | undefined {
    const entry = this.table.get(name);
    return entry === undefined ? undefined : { ...entry };
  }

  has(name: string): boolean {
    return this.table.has(name);
  }

  names(): string[] {
    return [...this.table.keys()];
  }

  dataVersion(): DataVersion {
    return { ...this.version };
  }

  /** A copy of everything, with the current version. */
  entries(): VersionedEntries<V> {
    const copy = new Map([...this.table].map(([name, entry]) => [name, { ...entry }] as const));
    return { dataVersion: this.dataVersion(), entries: copy };
  }

  /** Creates or replaces an entry: bumps the data version and persists. */
  put(entry: V): Promise<void> {
    return this.putAll([entry]);
  }

  /** Several entries under one version bump and one write (start-up defaults, bulk admin). */
  async putAll(entries: readonly V[]): Promise<void> {
    if (entries.length === 0) return;
    for (const entry of entries) this.table.set(this.format.nameOf(entry), { ...entry });
    this.bump();
    await this.persist();
  }

  /** Removes an entry; true if it existed (then the version is bumped and the file persisted). */
  async delete(name: string): Promise<boolean> {
    if (!this.table.delete(name)) return false;
    this.bump();
    await this.persist();
    return true;
  }

  persist(): Promise<void> {
    return this.file.persist(this.entries());
  }

  private bump(): void {
    this.version = nextDataVersion(this.version, this.nowMs());
  }
}
