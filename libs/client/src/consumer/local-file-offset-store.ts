/**
 * LocalFileOffsetStore: broadcasting consumers each keep their own progress, in
 * `<offsetStoreDir>/<clientId>/<group>/offsets.json`, written whole to a temp file and renamed so
 * a crash leaves the old or the new file, never half of one. Format (ours, not Java's fastjson):
 *   {"offsetTable":[{"topic":"T","brokerName":"b","queueId":0,"offset":12}, ...]}
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MessageQueue } from '@rmq/protocol';
import { OffsetStore, OffsetTable, ReadOffsetType } from './offset-store';

interface OffsetFileEntry extends MessageQueue {
  offset: number;
}

export class LocalFileOffsetStore implements OffsetStore {
  readonly table = new OffsetTable();
  readonly filePath: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(offsetStoreDir: string, clientId: string, group: string) {
    // ':' and '@' are valid in file names on Linux/macOS but not on Windows.
    const safeClientId = clientId.replace(/[^A-Za-z0-9._-]/g, '_');
    this.filePath = path.join(offsetStoreDir, safeClientId, group, 'offsets.json');
  }

  async load(): Promise<void> {
    for (const entry of await this.readFileEntries()) this.table.update(entry, entry.offset, false);
  }

  updateOffset(mq: MessageQueue, offset: number, increaseOnly: boolean): void {
    this.table.update(mq, offset, increaseOnly);
  }

  readOffset(mq: MessageQueue, type: ReadOffsetType): Promise<number> {
    return this.table.read(mq, type, async () => {
      const entry = (await this.readFileEntries()).find(
        (e) => e.topic === mq.topic && e.brokerName === mq.brokerName && e.queueId === mq.queueId,
      );
      return entry?.offset ?? -1;
    });
  }

  /** Writes every known queue (the file holds all of this consumer's queues, not just mqs). */
  async persistAll(_mqs: readonly MessageQueue[]): Promise<void> {
    const entries: OffsetFileEntry[] = [...this.table.entries.values()].map(({ mq, offset }) => ({
      ...mq,
      offset,
    }));
    const text = JSON.stringify({ offsetTable: entries });
    // Serialise writes: two renames racing could leave an older table last.
    this.writing = this.writing.then(() => this.writeFileAtomically(text));
    await this.writing;
  }

  persist(mq: MessageQueue): Promise<void> {
    return this.persistAll([mq]);
  }

  removeOffset(_mq: MessageQueue): void {
    // Broadcasting keeps offsets of every queue it ever consumed, as Java does.
  }

  private async writeFileAtomically(text: string): Promise<void> {
    await mkdir(path.dirname(this.filePath), { recursive: true });
    const tmp = `${this.filePath}.tmp`;
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, this.filePath);
  }

  private async readFileEntries(): Promise<OffsetFileEntry[]> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const parsed = JSON.parse(text) as { offsetTable?: unknown };
    if (!Array.isArray(parsed.offsetTable)) return [];
    return parsed.offsetTable.filter(isEntry);
  }
}

function isEntry(value: unknown): value is OffsetFileEntry {
  const e = value as Partial<OffsetFileEntry> | null;
  return (
    e !== null &&
    typeof e === 'object' &&
    typeof e.topic === 'string' &&
    typeof e.brokerName === 'string' &&
    Number.isInteger(e.queueId) &&
    Number.isInteger(e.offset)
  );
}
