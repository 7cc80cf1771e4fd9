/**
 * The message index (RocketMQ's IndexService): index files under storePathIndex, oldest first; only
 * the newest may be writable. Keys are `topic#UNIQ_KEY` and `topic#k` for every space-separated
 * KEYS word; ROLLBACK records are not indexed. When a file fills up it is sealed (slots and header
 * written out, its slot table freed) and a new one begins; the next flush() makes the sealed files
 * durable and returns the newest one's endTimestamp for the checkpoint's indexMsgTimestamp, which
 * is what abnormal recovery trusts: files ending after it are deleted at load.
 */
import { getTransactionValue, MessageSysFlag } from '@rmq/protocol';
import { StoreIoError } from '../errors/store-io.error';
import { FileSystem } from '../fs/file-system';
import { DispatchRequest } from '../dispatch/dispatch-request';
import { NOOP_STORE_LOGGER, StoreClock, StoreLogger, SYSTEM_STORE_CLOCK } from '../dispatch/store-ports';
import { IndexFile, IndexFileOptions } from './index-file';
import { INDEX_FILE_NAME, indexFileNameOf, IndexFileTimeZone } from './index-file-name';

// Hot path: bound once, so each call skips the getters CommonJS emits for `export *`.
const transactionTypeOf = getTransactionValue;
const ROLLBACK = MessageSysFlag.TRANSACTION_ROLLBACK_TYPE;

/** RocketMQ's maxMsgsNumBatch: a query returns at most this many offsets. */
export const INDEX_QUERY_MAX_NUM_DEFAULT = 64;

export interface IndexServiceOptions {
  readonly fs: FileSystem;
  /** storePathIndex. */
  readonly storePath: string;
  /** maxHashSlotNum (slots per file). */
  readonly hashSlotNum: number;
  /** maxIndexNum (entries per file, entry 0 unused). */
  readonly indexNum: number;
  readonly clock?: StoreClock;
  readonly logger?: StoreLogger;
  /** Zone of the yyyyMMddHHmmssSSS file names (RocketMQ: the JVM's local zone). */
  readonly fileNameTimeZone?: IndexFileTimeZone;
  readonly maxMsgsNumBatch?: number;
  readonly entryBufferBytes?: number;
}

export interface QueryOffsetResult {
  phyOffsets: number[];
  indexLastUpdateTimestamp: number;
  indexLastUpdatePhyoffset: number;
}

export type IndexableRecord = Pick<
  DispatchRequest,
  'topic' | 'commitLogOffset' | 'storeTimestamp' | 'keys' | 'uniqKey' | 'sysFlag'
>;

export class IndexService {
  private readonly files: IndexFile[] = [];
  /** Sealed files whose data is written but not yet fsynced (at most the files sealed since the last flush). */
  private readonly unsynced: IndexFile[] = [];
  private readonly clock: StoreClock;
  private readonly logger: StoreLogger;
  private closed = false;
  /** Index files were created or deleted since the directory was last fsynced. */
  private directoryDirty = false;

  constructor(private readonly options: IndexServiceOptions) {
    if (options.hashSlotNum < 1 || options.indexNum < 2) {
      throw new Error(
        `index needs ≥ 1 slot and ≥ 2 entries, got ${options.hashSlotNum} / ${options.indexNum}`,
      );
    }
    this.clock = options.clock ?? SYSTEM_STORE_CLOCK;
    this.logger = options.logger ?? NOOP_STORE_LOGGER;
  }

  /**
   * Opens the index files. After a crash (lastExitOk false) files whose endTimestamp is after the
   * checkpoint's indexMsgTimestamp are deleted, as RocketMQ does (and, beyond RocketMQ, files whose
   * header reads empty); re-dispatch rebuilds what it covers.
   */
  load(lastExitOk: boolean, checkpointIndexTimestampMs: number): void {
    const { fs, storePath } = this.options;
    fs.mkdirs(storePath);
    for (const name of fs.list(storePath).filter((n) => INDEX_FILE_NAME.test(n))) {
      const file = IndexFile.open(this.fileOptions(`${storePath}/${name}`), false);
      // An empty header after a crash is a file whose header never reached the disk: nothing to keep.
      if (!lastExitOk && (file.endTimestamp > checkpointIndexTimestampMs || file.indexCount <= 1)) {
        this.logger.warn(
          { file: name, endTimestamp: file.endTimestamp, checkpointIndexTimestampMs },
          'index file after the checkpoint deleted',
        );
        file.destroy();
        this.directoryDirty = true;
        continue;
      }
      this.files.push(file);
    }
    const last = this.files[this.files.length - 1];
    if (last && !last.isWriteFull()) {
      // The newest file takes more keys: reopen it writable (reads its slot table into memory).
      last.close();
      this.files[this.files.length - 1] = IndexFile.open(this.fileOptions(last.path), true);
    }
    this.logger.info({ files: this.files.length }, 'index files loaded');
  }

  /** Indexes one dispatched record (RocketMQ's buildIndex). */
  buildIndex(record: IndexableRecord): void {
    if (this.closed) throw new StoreIoError(`index service at ${this.options.storePath} is closed`);
    let file = this.writableFile();
    // Already indexed (re-dispatch): before the file's last record, or that record itself.
    if (record.commitLogOffset < file.endPhyOffset) return;
    if (record.commitLogOffset === file.endPhyOffset && file.indexCount > 1) return;
    if (transactionTypeOf(record.sysFlag) === ROLLBACK) return;
    if (record.uniqKey !== undefined) file = this.putKey(file, `${record.topic}#${record.uniqKey}`, record);
    if (record.keys !== undefined && record.keys.length > 0) {
      for (const key of record.keys.split(' ')) {
        if (key.length > 0) file = this.putKey(file, `${record.topic}#${key}`, record);
      }
    }
  }

  /** Offsets of records stored with `key` in [beginMs, endMs], newest file first (RocketMQ's queryOffset). */
  queryOffset(topic: string, key: string, maxNum: number, beginMs: number, endMs: number): QueryOffsetResult {
    const limit = Math.min(maxNum, this.options.maxMsgsNumBatch ?? INDEX_QUERY_MAX_NUM_DEFAULT);
    const result: QueryOffsetResult = {
      phyOffsets: [],
      indexLastUpdateTimestamp: 0,
      indexLastUpdatePhyoffset: 0,
    };
    const last = this.files[this.files.length - 1];
    if (last) {
      result.indexLastUpdateTimestamp = last.endTimestamp;
      result.indexLastUpdatePhyoffset = last.endPhyOffset;
    }
    for (let i = this.files.length - 1; i >= 0; i -= 1) {
      const file = this.files[i] as IndexFile;
      if (file.isTimeMatched(beginMs, endMs))
        file.selectPhyOffsets(result.phyOffsets, `${topic}#${key}`, limit, beginMs, endMs);
      if (file.beginTimestamp < beginMs || result.phyOffsets.length >= limit) break;
    }
    return result;
  }

  /**
   * Makes sealed files and the writable one durable. Returns the endTimestamp of the newest full
   * file made durable by this call (the checkpoint's indexMsgTimestamp), or 0 if none was.
   */
  async flush(): Promise<number> {
    let indexMsgTimestampMs = 0;
    while (this.unsynced.length > 0) {
      const file = this.unsynced[0] as IndexFile;
      await file.flush();
      this.unsynced.shift();
      if (file.isWriteFull()) indexMsgTimestampMs = Math.max(indexMsgTimestampMs, file.endTimestamp);
    }
    const last = this.files[this.files.length - 1];
    if (last && last.isWritable()) await last.flush();
    if (this.directoryDirty) {
      this.directoryDirty = false;
      try {
        await this.options.fs.syncDirectory(this.options.storePath);
      } catch (err) {
        this.directoryDirty = true;
        throw new StoreIoError(`fsync of directory ${this.options.storePath} failed`, { cause: err });
      }
    }
    return indexMsgTimestampMs;
  }

  /** Retention: deletes leading files whose last record is below minPhyOffset (never the newest). */
  deleteExpiredFiles(minPhyOffset: number): number {
    let deleted = 0;
    while (this.files.length > 1 && (this.files[0] as IndexFile).endPhyOffset < minPhyOffset) {
      const file = this.files.shift() as IndexFile;
      const pending = this.unsynced.indexOf(file);
      if (pending >= 0) this.unsynced.splice(pending, 1);
      file.destroy();
      this.directoryDirty = true;
      deleted += 1;
    }
    return deleted;
  }

  /** Names of the index files, oldest first. */
  fileNames(): string[] {
    return this.files.map((f) => f.name);
  }

  /** Writes everything out and closes the files (call flush() first for durability). */
  close(): void {
    for (const file of this.files) {
      try {
        if (file.isWritable()) file.commit();
      } finally {
        file.close();
      }
    }
    this.files.length = 0;
    this.unsynced.length = 0;
    this.closed = true;
  }

  destroy(): void {
    for (const file of this.files) file.destroy();
    this.files.length = 0;
    this.unsynced.length = 0;
  }

  private putKey(file: IndexFile, key: string, record: IndexableRecord): IndexFile {
    let target = file;
    while (!target.putKey(key, record.commitLogOffset, record.storeTimestamp)) {
      this.logger.info(
        { file: target.name, indexCount: target.indexCount },
        'index file full, starting another',
      );
      target = this.writableFile();
    }
    return target;
  }

  /** The newest file if it still takes keys; else seals it and creates the next one. */
  private writableFile(): IndexFile {
    const last = this.files[this.files.length - 1];
    if (last && last.isWritable() && !last.isWriteFull()) return last;
    if (last && last.isWritable()) {
      last.seal();
      this.unsynced.push(last);
    }
    const file = IndexFile.create(
      this.fileOptions(this.newFilePath()),
      last?.endPhyOffset ?? 0,
      last?.endTimestamp ?? 0,
    );
    this.files.push(file);
    this.directoryDirty = true;
    return file;
  }

  /** yyyyMMddHHmmssSSS of now; a millisecond later while the name is taken. */
  private newFilePath(): string {
    const { fs, storePath, fileNameTimeZone } = this.options;
    fs.mkdirs(storePath);
    for (let ms = this.clock(); ; ms += 1) {
      const path = `${storePath}/${indexFileNameOf(ms, fileNameTimeZone)}`;
      if (!fs.exists(path)) return path;
    }
  }

  private fileOptions(path: string): IndexFileOptions {
    const { fs, hashSlotNum, indexNum, entryBufferBytes } = this.options;
    return {
      fs,
      path,
      hashSlotNum,
      indexNum,
      ...(entryBufferBytes === undefined ? {} : { entryBufferBytes }),
    };
  }
}
