/**
 * After commit-log files go, the consume-queue and index files that only point below the log's new
 * min offset go too (RocketMQ 4.9.7's CleanConsumeQueueService): it acts only when the commit log's
 * min offset has risen since its last run, and runs right after CleanCommitLogPolicy each tick.
 */
import { NOOP_RETENTION_LOGGER, RetentionLogger } from './retention-logger';
import type { RetainedLog } from './retention-ports';

/** The host's consume queues and index, seen as files to trim. */
export interface QueueFilesBelowOffset {
  /**
   * Deletes consume-queue files whose last entry points below `minCommitLogOffset` (never a queue's
   * last file; it corrects the queue's min offset), and index files ending below it. Returns the
   * number of files deleted.
   */
  deleteFilesBelow(minCommitLogOffset: number): number | Promise<number>;
}

export class ConsumeQueueCleaner {
  private lastMinOffset = 0;

  constructor(
    private readonly log: Pick<RetainedLog, 'minOffset'>,
    private readonly queues: QueueFilesBelowOffset,
    private readonly logger: RetentionLogger = NOOP_RETENTION_LOGGER,
  ) {}

  /** Returns the files deleted (0 when the log's min offset has not moved). */
  async run(): Promise<number> {
    const minOffset = this.log.minOffset();
    if (minOffset <= this.lastMinOffset) return 0;
    this.lastMinOffset = minOffset;
    const deleted = await this.queues.deleteFilesBelow(minOffset);
    if (deleted > 0) this.logger.info({ deleted, minOffset }, 'consume-queue and index files deleted');
    return deleted;
  }
}
