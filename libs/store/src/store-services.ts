/**
 * Background work of the file store, each on its own bounded timer: consume-queue and index flushes
 * with the checkpoint that records how far they are durable, retention (RocketMQ's
 * CleanCommitLogService, then the consume queues and index files the deleted data made useless),
 * and the disk-space guard that refuses puts on a full disk. Each job runs at most once at a time.
 */
import { DiskSpaceGuard } from './retention/disk-space-guard';
import { CleanCommitLogPolicy } from './retention/clean-commit-log-policy';
import { fileSystemDiskUsageProbe, RetainedLog } from './retention/retention-ports';
import { StoreLogger } from './dispatch/store-ports';
import { FileSystem } from './fs/file-system';
import { MessageStoreConfig } from './store-config';
import { StoreParts } from './store-recovery';

type Job = () => Promise<unknown>;

export class StoreServices {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private readonly retention: CleanCommitLogPolicy;
  private lastIndexFlushMs = 0;

  constructor(
    private readonly parts: StoreParts,
    private readonly config: MessageStoreConfig,
    private readonly fs: FileSystem,
    private readonly logger: StoreLogger,
    private readonly guard: DiskSpaceGuard,
  ) {
    this.retention = new CleanCommitLogPolicy(
      this.retainedLog(),
      [fileSystemDiskUsageProbe(fs, config.storePathCommitLog)],
      config,
      {
        logger,
      },
    );
  }

  start(): void {
    this.every('consume-queue flush', this.config.flushIntervalConsumeQueue, () =>
      this.flushLogicsAndCheckpoint(),
    );
    this.every('retention', this.config.cleanResourceInterval, () => this.runRetention());
    this.guard.start(this.config.cleanResourceInterval);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.guard.stop();
    await Promise.allSettled([...this.running]);
  }

  /** Flushes consume queues (and, on the thorough interval, the index) and records it in the checkpoint. */
  async flushLogicsAndCheckpoint(): Promise<void> {
    const { consumeQueues, indexService, checkpoint, commitLog } = this.parts;
    const cq = await consumeQueues.flushAll();
    checkpoint.physicMsgTimestamp = commitLog.flushedStoreTimestamp();
    if (cq.logicsMsgTimestampMs > 0) checkpoint.logicsMsgTimestamp = cq.logicsMsgTimestampMs;
    const now = Date.now();
    if (now - this.lastIndexFlushMs >= this.config.flushConsumeQueueThoroughInterval) {
      this.lastIndexFlushMs = now;
      const indexTimestamp = await indexService.flush();
      if (indexTimestamp > 0) checkpoint.indexMsgTimestamp = indexTimestamp;
    }
    if (cq.thorough || cq.logicsMsgTimestampMs > 0) await checkpoint.flush();
  }

  /** One retention pass: old commit-log files, then what pointed into them. */
  async runRetention(): Promise<void> {
    const result = await this.retention.run();
    if (result.deletedFiles === 0) return;
    const { consumeQueues, indexService, commitLog } = this.parts;
    const minPhyOffset = commitLog.minOffset();
    const queueFiles = consumeQueues.deleteExpiredFiles(minPhyOffset);
    consumeQueues.correctMinOffsets(minPhyOffset);
    const indexFiles = indexService.deleteExpiredFiles(minPhyOffset);
    this.logger.info(
      { commitLogFiles: result.deletedFiles, queueFiles, indexFiles, minPhyOffset },
      'retention deleted expired files',
    );
    this.guard.check();
  }

  private retainedLog(): RetainedLog {
    const commitLog = this.parts.commitLog;
    return {
      files: () =>
        commitLog.mappedFileQueue
          .mappedFiles()
          .map((f) => ({ fromOffset: f.fileFromOffset, lastModifiedMs: f.lastModifiedMs(this.fs) })),
      // The policy already chose this file by age or disk pressure; the commit log still refuses the
      // file being written and any file with unflushed bytes.
      deleteFirstFile: () => commitLog.deleteFirstFileIfExpired(Number.MAX_SAFE_INTEGER, true) !== undefined,
      minOffset: () => commitLog.minOffset(),
    };
  }

  private every(name: string, intervalMs: number, job: Job): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const run = job()
        .catch((err: unknown) => this.logger.error({ err, job: name }, 'store background job failed'))
        .finally(() => {
          busy = false;
          this.running.delete(run);
        });
      this.running.add(run);
    }, intervalMs);
    timer.unref();
    this.timers.push(timer);
  }
}
