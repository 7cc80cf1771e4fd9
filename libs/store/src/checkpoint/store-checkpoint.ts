/**
 * The `checkpoint` file (protocol.md §4.4): one 4096-byte page whose first 24 bytes are three int64 BE
 * store timestamps (ms) up to which the commit log, the consume queues and the index are durable:
 *
 *   0 physicMsgTimestamp | 8 logicsMsgTimestamp | 16 indexMsgTimestamp | 24.. zeros
 *
 * Abnormal recovery starts from the last commit-log file whose first record is older than
 * minTimestamp(). The 24 bytes sit in one 512-byte sector, so a torn write leaves old or new values.
 */
import { StoreIoError } from '../errors/store-io.error';
import { FileHandle, FileSystem, parentOf } from '../fs/file-system';

export const CHECKPOINT_FILE_BYTES = 4096;
const CHECKPOINT_FIELDS_BYTES = 24;
/** Abnormal recovery starts this much before the checkpoint (RocketMQ's safety margin). */
export const CHECKPOINT_SAFETY_MARGIN_MS = 3000;

export interface CheckpointTimestamps {
  physicMsgTimestamp: number;
  logicsMsgTimestamp: number;
  indexMsgTimestamp: number;
}

/** Reads the three timestamps (missing bytes of a short file read as 0). */
export function decodeCheckpoint(data: Buffer): CheckpointTimestamps {
  const page = Buffer.alloc(CHECKPOINT_FIELDS_BYTES);
  data.copy(page, 0, 0, Math.min(data.length, CHECKPOINT_FIELDS_BYTES));
  return {
    physicMsgTimestamp: Number(page.readBigInt64BE(0)),
    logicsMsgTimestamp: Number(page.readBigInt64BE(8)),
    indexMsgTimestamp: Number(page.readBigInt64BE(16)),
  };
}

/** The whole 4096-byte page as RocketMQ writes it. */
export function encodeCheckpoint(timestamps: CheckpointTimestamps): Buffer {
  const page = Buffer.alloc(CHECKPOINT_FILE_BYTES);
  page.writeBigInt64BE(BigInt(timestamps.physicMsgTimestamp), 0);
  page.writeBigInt64BE(BigInt(timestamps.logicsMsgTimestamp), 8);
  page.writeBigInt64BE(BigInt(timestamps.indexMsgTimestamp), 16);
  return page;
}

/** min(physic, logics) − 3000 ms, at least 0: no commit-log record after it needs trusting. */
export function checkpointMinTimestamp(t: CheckpointTimestamps): number {
  return Math.max(0, Math.min(t.physicMsgTimestamp, t.logicsMsgTimestamp) - CHECKPOINT_SAFETY_MARGIN_MS);
}

/** minTimestamp also bounded by the index (when messageIndexSafe). */
export function checkpointMinTimestampIndex(t: CheckpointTimestamps): number {
  return Math.min(checkpointMinTimestamp(t), t.indexMsgTimestamp);
}

export class StoreCheckpoint implements CheckpointTimestamps {
  physicMsgTimestamp: number;
  logicsMsgTimestamp: number;
  indexMsgTimestamp: number;
  private stickyError: StoreIoError | undefined;
  private flushing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly handle: FileHandle,
    readonly filePath: string,
    initial: CheckpointTimestamps,
  ) {
    this.physicMsgTimestamp = initial.physicMsgTimestamp;
    this.logicsMsgTimestamp = initial.logicsMsgTimestamp;
    this.indexMsgTimestamp = initial.indexMsgTimestamp;
  }

  /**
   * Opens the checkpoint, creating a zeroed page (and making its name durable) when missing. A page
   * shorter than 4096 bytes (a crash lost its size) is read as far as it goes and grown.
   */
  static async open(fs: FileSystem, filePath: string): Promise<StoreCheckpoint> {
    fs.mkdirs(parentOf(filePath));
    const existed = fs.exists(filePath);
    const handle = fs.open(filePath);
    try {
      const size = handle.size();
      const data = Buffer.alloc(Math.min(size, CHECKPOINT_FIELDS_BYTES));
      handle.read(data, 0, data.length, 0);
      if (size < CHECKPOINT_FILE_BYTES) {
        handle.truncate(CHECKPOINT_FILE_BYTES);
        await handle.sync();
      }
      if (!existed) await fs.syncDirectory(parentOf(filePath));
      return new StoreCheckpoint(handle, filePath, decodeCheckpoint(data));
    } catch (err) {
      handle.close();
      throw new StoreIoError(`cannot open checkpoint ${filePath}`, {
        cause: err,
        context: { file: filePath },
      });
    }
  }

  minTimestamp(): number {
    return checkpointMinTimestamp(this);
  }

  minTimestampIndex(): number {
    return checkpointMinTimestampIndex(this);
  }

  timestamps(): CheckpointTimestamps {
    return {
      physicMsgTimestamp: this.physicMsgTimestamp,
      logicsMsgTimestamp: this.logicsMsgTimestamp,
      indexMsgTimestamp: this.indexMsgTimestamp,
    };
  }

  /** Writes the current values and fsyncs; calls are serialized. A failure is sticky. */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.writeAndSync());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.handle.close();
  }

  private async writeAndSync(): Promise<void> {
    if (this.stickyError) throw this.stickyError;
    const fields = encodeCheckpoint(this).subarray(0, CHECKPOINT_FIELDS_BYTES);
    try {
      this.handle.write(fields, 0);
      await this.handle.sync();
    } catch (err) {
      this.stickyError = new StoreIoError(`checkpoint ${this.filePath} flush failed`, {
        cause: err,
        context: { file: this.filePath },
      });
      throw this.stickyError;
    }
  }
}
