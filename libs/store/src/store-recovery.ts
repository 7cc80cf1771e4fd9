/**
 * Start-up of the file store, in RocketMQ's order: open every file, recover the consume queues,
 * find the end of valid commit-log data (normally, or record by record after a crash), cut the
 * consume queues back to it, rebuild the topic-queue table, and re-dispatch what the consume queues
 * and index have not seen. Only then is the abort file created ("running; a crash is possible").
 */
import { AbortFile } from './checkpoint/abort-file';
import { StoreCheckpoint } from './checkpoint/store-checkpoint';
import { CommitLog } from './commitlog/commit-log';
import {
  CommitLogRecoveryResult,
  recoverCommitLogAbnormally,
  recoverCommitLogNormally,
} from './commitlog/commit-log-recovery';
import { ConsumeQueueStore } from './consumequeue/consume-queue-store';
import { ReputService } from './dispatch/reput-service';
import { StoreLogger } from './dispatch/store-ports';
import { FileSystem } from './fs/file-system';
import { IndexService } from './index-file/index-service';
import { MessageStoreConfig } from './store-config';

export interface StoreParts {
  commitLog: CommitLog;
  consumeQueues: ConsumeQueueStore;
  indexService: IndexService;
  reput: ReputService;
  checkpoint: StoreCheckpoint;
  abortFile: AbortFile;
  recovery: CommitLogRecoveryResult;
}

export interface RecoverStoreInput {
  fs: FileSystem;
  config: MessageStoreConfig;
  logger: StoreLogger;
  commitLog: CommitLog;
  consumeQueues: ConsumeQueueStore;
  indexService: IndexService;
  reput: ReputService;
}

export async function recoverStore(input: RecoverStoreInput): Promise<StoreParts> {
  const { fs, config, logger, commitLog, consumeQueues, indexService, reput } = input;
  for (const dir of [
    config.storePathRootDir,
    config.storePathCommitLog,
    config.storePathConsumeQueue,
    config.storePathIndex,
  ]) {
    fs.mkdirs(dir);
  }
  const abortFile = new AbortFile(fs, config.abortFile);
  const lastExitOk = !abortFile.exists();
  const checkpoint = await StoreCheckpoint.open(fs, config.storeCheckpoint);
  await commitLog.load();
  consumeQueues.load();
  consumeQueues.recoverAll();
  indexService.load(lastExitOk, checkpoint.indexMsgTimestamp);

  const recovery = lastExitOk
    ? await recoverCommitLogNormally(commitLog, {
        checkCRCOnRecover: config.checkCRCOnRecover,
        dispatchedPhyOffset: consumeQueues.maxPhyOffsetInConsumeQueues(),
        logger,
      })
    : await recoverCommitLogAbnormally(commitLog, {
        checkCRCOnRecover: config.checkCRCOnRecover,
        checkpoint: checkpoint.timestamps(),
        logger,
      });
  consumeQueues.truncateDirtyLogicFiles(recovery.maxPhyOffset);
  consumeQueues.correctMinOffsets(commitLog.minOffset());
  rebuildTopicQueueTable(commitLog, consumeQueues, recovery);

  reput.setReputFromOffset(recovery.dispatchFromOffset);
  reput.dispatchUpTo(recovery.maxPhyOffset);
  logger.info(
    {
      mode: recovery.mode,
      maxPhyOffset: recovery.maxPhyOffset,
      redispatchedFrom: recovery.dispatchFromOffset,
      recordsScanned: recovery.recordsScanned,
      stopReason: recovery.stopReason,
      consumeQueues: consumeQueues.queueCount(),
    },
    lastExitOk ? 'store recovered after a clean shutdown' : 'store recovered after a crash',
  );
  await abortFile.create();
  return { commitLog, consumeQueues, indexService, reput, checkpoint, abortFile, recovery };
}

/** Next queue offsets: what the consume queues hold, raised by what the recovery scan saw. */
function rebuildTopicQueueTable(
  commitLog: CommitLog,
  consumeQueues: ConsumeQueueStore,
  recovery: CommitLogRecoveryResult,
): void {
  for (const [key, next] of consumeQueues.topicQueueOffsets()) commitLog.setTopicQueueOffset(key, next);
  for (const [key, next] of recovery.scannedQueueOffsets) commitLog.raiseTopicQueueOffset(key, next);
}
