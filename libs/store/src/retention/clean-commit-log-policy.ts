/**
 * When and which commit-log files retention deletes (RocketMQ 4.9.7's CleanCommitLogService with
 * MappedFileQueue.deleteExpiredFileByTime). One run() per cleanResourceInterval:
 *
 * - A run deletes only if it is due: the local hour is one of `deleteWhen`; or a disk (commit log,
 *   and the consume queues' if probed) is used above diskMaxUsedSpaceRatio % (clamped to 10..95),
 *   or cannot be measured; or a manual trigger is pending (it counts for the next 20 runs).
 * - A due run walks the files oldest first and deletes a file whose last modification is at least
 *   fileReservedTime hours old, or any file at all when "clean at once" holds: cleanFileForciblyEnable
 *   and a disk used above diskSpaceCleanForciblyRatio (85 %) — above the 90 % warning level too.
 * - It stops at the first file it may not delete (never a hole in the middle), at the first file
 *   the log refuses to delete (in use), after deleteFilesBatchMax (10) files, and it never
 *   deletes the last file, which is being written. It waits deleteCommitLogFilesInterval ms
 *   between two deletions. Comparisons are strict ("above"), as RocketMQ's.
 */
import { localHourOfDay, parseDeleteWhen } from './delete-when';
import { RetentionConfigError } from './retention-config.error';
import { NOOP_RETENTION_LOGGER, RetentionLogger } from './retention-logger';
import { DiskUsageProbe, RetainedLog } from './retention-ports';

export interface CleanCommitLogConfig {
  readonly deleteWhen: string;
  /** Hours a file is kept after its last modification. */
  readonly fileReservedTime: number;
  /** Percent of the disk that makes every run due. */
  readonly diskMaxUsedSpaceRatio: number;
  /** ms between two deletions of one run. */
  readonly deleteCommitLogFilesInterval: number;
  readonly cleanFileForciblyEnable?: boolean;
  /** Percent above which young files go too (rocketmq.broker.diskSpaceCleanForciblyRatio, 85). */
  readonly diskSpaceCleanForciblyRatio?: number;
  /** Percent above which the disk counts as full (rocketmq.broker.diskSpaceWarningLevelRatio, 90). */
  readonly diskSpaceWarningLevelRatio?: number;
  /** Files deleted per run at most (MappedFileQueue.DELETE_FILES_BATCH_MAX, 10). */
  readonly deleteFilesBatchMax?: number;
}

export interface CleanCommitLogDeps {
  readonly nowMs?: () => number;
  /** Hour of day (0..23) of a time; default: local time, as RocketMQ. */
  readonly hourOfDay?: (nowMs: number) => number;
  readonly sleepMs?: (ms: number) => Promise<void>;
  readonly logger?: RetentionLogger;
}

export interface CleanDecision {
  readonly timeUp: boolean;
  readonly spaceFull: boolean;
  readonly manual: boolean;
  /** Young files may go too. */
  readonly cleanAtOnce: boolean;
  /** Highest used percent measured (negative: unknown). */
  readonly usedPercent: number;
}

export interface CleanRunResult {
  readonly decision: CleanDecision;
  readonly due: boolean;
  readonly deletedFiles: number;
}

/** executeDeleteFilesManually makes this many following runs due (MAX_MANUAL_DELETE_FILE_TIMES). */
export const MANUAL_DELETE_RUNS = 20;
const MS_PER_HOUR = 3_600_000;

export class CleanCommitLogPolicy {
  private readonly deleteHours: ReadonlySet<number>;
  private readonly maxUsedPercent: number;
  private readonly forciblyPercent: number;
  private readonly warningPercent: number;
  private readonly batchMax: number;
  private readonly nowMs: () => number;
  private readonly hourOfDay: (nowMs: number) => number;
  private readonly sleepMs: (ms: number) => Promise<void>;
  private readonly logger: RetentionLogger;
  private manualRunsLeft = 0;
  private running = false;

  constructor(
    private readonly log: RetainedLog,
    private readonly disks: readonly DiskUsageProbe[],
    private readonly config: CleanCommitLogConfig,
    deps: CleanCommitLogDeps = {},
  ) {
    this.deleteHours = parseDeleteWhen(config.deleteWhen);
    this.maxUsedPercent = Math.min(95, Math.max(10, config.diskMaxUsedSpaceRatio));
    this.forciblyPercent = config.diskSpaceCleanForciblyRatio ?? 85;
    this.warningPercent = config.diskSpaceWarningLevelRatio ?? 90;
    this.batchMax = config.deleteFilesBatchMax ?? 10;
    if (!(config.fileReservedTime >= 0)) {
      throw new RetentionConfigError('fileReservedTime', config.fileReservedTime, 'must be ≥ 0 hours');
    }
    if (!(this.batchMax >= 1))
      throw new RetentionConfigError('deleteFilesBatchMax', this.batchMax, 'must be ≥ 1');
    this.nowMs = deps.nowMs ?? Date.now;
    this.hourOfDay = deps.hourOfDay ?? localHourOfDay;
    this.sleepMs = deps.sleepMs ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.logger = deps.logger ?? NOOP_RETENTION_LOGGER;
  }

  /** The admin trigger (DELETE_EXPIRED_COMMITLOG): the next 20 runs are due whatever the hour. */
  executeDeleteFilesManually(): void {
    this.manualRunsLeft = MANUAL_DELETE_RUNS;
    this.logger.info({ runs: MANUAL_DELETE_RUNS }, 'manual commit-log deletion requested');
  }

  /** What a run now would decide; no side effects. */
  decide(): CleanDecision {
    const timeUp = this.deleteHours.has(this.hourOfDay(this.nowMs()));
    let spaceFull = false;
    let cleanImmediately = false;
    let usedPercent = -1;
    for (const disk of this.disks) {
      const used = disk.usedPercent();
      usedPercent = Math.max(usedPercent, used);
      if (used > this.warningPercent || used > this.forciblyPercent) cleanImmediately = true;
      if (used < 0 || used > this.maxUsedPercent) spaceFull = true;
    }
    const cleanAtOnce = (this.config.cleanFileForciblyEnable ?? true) && cleanImmediately;
    return { timeUp, spaceFull, manual: this.manualRunsLeft > 0, cleanAtOnce, usedPercent };
  }

  /** One cleanResourceInterval tick. Overlapping calls return at once without deleting. */
  async run(): Promise<CleanRunResult> {
    const decision = this.decide();
    const due = decision.timeUp || decision.spaceFull || decision.manual;
    if (!due || this.running) return { decision, due, deletedFiles: 0 };
    if (decision.manual) this.manualRunsLeft -= 1;
    this.running = true;
    try {
      this.logger.info(
        {
          ...decision,
          fileReservedTimeHours: this.config.fileReservedTime,
          manualRunsLeft: this.manualRunsLeft,
        },
        'deleting expired commit-log files',
      );
      const deletedFiles = await this.deleteExpiredFiles(decision.cleanAtOnce);
      if (deletedFiles > 0) {
        this.logger.info({ deletedFiles, minOffset: this.log.minOffset() }, 'commit-log files deleted');
      } else if (decision.spaceFull) {
        this.logger.warn(
          { usedPercent: decision.usedPercent },
          'disk nearly full, but no commit-log file could be deleted',
        );
      }
      return { decision, due, deletedFiles };
    } finally {
      this.running = false;
    }
  }

  private async deleteExpiredFiles(cleanAtOnce: boolean): Promise<number> {
    const reservedMs = this.config.fileReservedTime * MS_PER_HOUR;
    const files = [...this.log.files()]; // a snapshot: deleting may change the live list
    const candidates = files.length - 1;
    let deleted = 0;
    for (let i = 0; i < candidates; i += 1) {
      const file = files[i];
      if (file === undefined) break;
      const expired = this.nowMs() >= file.lastModifiedMs + reservedMs;
      if (!expired && !cleanAtOnce) break;
      if (!(await this.log.deleteFirstFile())) {
        this.logger.warn({ fromOffset: file.fromOffset }, 'commit-log file could not be deleted now');
        break;
      }
      deleted += 1;
      if (deleted >= this.batchMax) break;
      const interval = this.config.deleteCommitLogFilesInterval;
      if (interval > 0 && i + 1 < candidates) await this.sleepMs(interval);
    }
    return deleted;
  }
}
