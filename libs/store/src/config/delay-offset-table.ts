/**
 * Delivery progress of scheduled (delayed) messages, persisted as config/delayOffset.json
 * (ScheduleMessageService's offsetTable): delay level (1..n, bare integer keys) → next offset to
 * deliver in SCHEDULE_TOPIC_XXXX queue `level - 1`. Updates change memory only; the schedule
 * service persists on its timer (flushDelayOffsetInterval) and at shutdown.
 */
import {
  decodeDelayOffsetSerializeWrapper,
  DelayOffsetSerializeWrapper,
  encodeDelayOffsetSerializeWrapper,
} from '@rmq/protocol';
import { ConfigFile, ConfigLoadSource } from './config-file';
import { configFilePath, ConfigFileNames } from './config-file-names';
import { NOOP_CONFIG_LOGGER } from './config-logger';
import { ConfigTableDeps } from './config-table-deps';

export class DelayOffsetTable {
  private readonly file: ConfigFile<DelayOffsetSerializeWrapper>;
  private readonly table = new Map<number, number>();

  constructor(deps: Omit<ConfigTableDeps, 'nowMs'>) {
    this.file = new ConfigFile(
      deps.fs,
      configFilePath(deps.storePathRootDir, ConfigFileNames.DELAY_OFFSET),
      {
        encode: (w) => encodeDelayOffsetSerializeWrapper(w, { pretty: true }),
        decode: (b) => decodeDelayOffsetSerializeWrapper(b),
      },
      deps.logger ?? NOOP_CONFIG_LOGGER,
    );
  }

  get path(): string {
    return this.file.path;
  }

  load(): ConfigLoadSource {
    const { value, source } = this.file.load();
    this.table.clear();
    if (value !== undefined) for (const [level, offset] of value.offsetTable) this.table.set(level, offset);
    return source;
  }

  /** The next offset to deliver for a delay level, or undefined if the level never ran. */
  get(delayLevel: number): number | undefined {
    return this.table.get(delayLevel);
  }

  /** Records delivery progress of a level (ScheduleMessageService.updateOffset). */
  update(delayLevel: number, offset: number): void {
    if (!Number.isSafeInteger(delayLevel) || delayLevel < 1) {
      throw new RangeError(`delay level must be an integer ≥ 1, got ${delayLevel}`);
    }
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new RangeError(`delay offset must be a non-negative integer, got ${offset}`);
    }
    this.table.set(delayLevel, offset);
  }

  levels(): number[] {
    return [...this.table.keys()].sort((a, b) => a - b);
  }

  /** A copy for GET_ALL_DELAY_OFFSET and for persisting. */
  snapshot(): DelayOffsetSerializeWrapper {
    return { offsetTable: new Map(this.table) };
  }

  persist(): Promise<void> {
    return this.file.persist(this.snapshot());
  }
}
