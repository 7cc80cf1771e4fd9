/**
 * NameServer KV config (namespace → key → value), e.g. ORDER_TOPIC_CONFIG. Persisted like RocketMQ's
 * `kvConfig.json` ({"configTable":{ns:{k:v}}}) with an atomic write: temp file, fsync, rename.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

export class KvConfigManager {
  private readonly table = new Map<string, Map<string, string>>();

  constructor(private readonly filePath: string | undefined) {}

  /** Loads the file if there is one; a file that does not parse is an error, not an empty table. */
  load(): void {
    if (!this.filePath || !existsSync(this.filePath)) return;
    const parsed = JSON.parse(readFileSync(this.filePath, 'utf8')) as {
      configTable?: Record<string, Record<string, string>>;
    };
    for (const [namespace, entries] of Object.entries(parsed.configTable ?? {})) {
      this.table.set(namespace, new Map(Object.entries(entries).map(([k, v]) => [k, String(v)])));
    }
  }

  put(namespace: string, key: string, value: string): void {
    let entries = this.table.get(namespace);
    if (!entries) this.table.set(namespace, (entries = new Map()));
    entries.set(key, value);
    this.persist();
  }

  get(namespace: string, key: string): string | undefined {
    return this.table.get(namespace)?.get(key);
  }

  delete(namespace: string, key: string): void {
    const entries = this.table.get(namespace);
    if (!entries?.delete(key)) return;
    if (entries.size === 0) this.table.delete(namespace);
    this.persist();
  }

  list(namespace: string): ReadonlyMap<string, string> | undefined {
    return this.table.get(namespace);
  }

  private persist(): void {
    if (!this.filePath) return;
    const configTable: Record<string, Record<string, string>> = {};
    for (const [namespace, entries] of this.table) configTable[namespace] = Object.fromEntries(entries);
    writeFileAtomically(this.filePath, JSON.stringify({ configTable }, null, '\t'));
  }
}

export function writeFileAtomically(filePath: string, text: string): void {
  mkdirSync(path.dirname(filePath), { recursive: true });
  const tmp = `${filePath}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, filePath);
  const dirFd = openSync(path.dirname(filePath), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}
