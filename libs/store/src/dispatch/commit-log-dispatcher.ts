/**
 * The two dispatchers of a stored record (RocketMQ's CommitLogDispatcherBuildConsumeQueue and
 * CommitLogDispatcherBuildIndex). Consume queues get only NOT and COMMIT transaction types and wake
 * held pulls; the index gets everything but ROLLBACK. A consume-queue write failure is thrown (the
 * reput stops at that record and retries it); an index failure only disables the index, as
 * RocketMQ's makeIndexFileError does, since consumption does not depend on it.
 */
import { isDispatchedTransactionType } from '@rmq/protocol';
import { ConsumeQueueStore } from '../consumequeue/consume-queue-store';
import { IndexService } from '../index-file/index-service';
import { MessageArrivingListener } from '../message-store';
import { DispatchRequest } from './dispatch-request';
import { NOOP_STORE_LOGGER, StoreLogger } from './store-ports';

// Hot path: bound once, so each call skips the getters CommonJS emits for `export *`.
const isDispatched = isDispatchedTransactionType;

export interface CommitLogDispatcher {
  dispatch(request: DispatchRequest): void;
}

export class ConsumeQueueDispatcher implements CommitLogDispatcher {
  private listener: MessageArrivingListener | undefined;

  constructor(
    private readonly queues: ConsumeQueueStore,
    listener?: MessageArrivingListener,
  ) {
    this.listener = listener;
  }

  /** Set it on a master with long polling; leave it unset on a slave (RocketMQ notifies only then). */
  setMessageArrivingListener(listener: MessageArrivingListener | undefined): void {
    this.listener = listener;
  }

  dispatch(request: DispatchRequest): void {
    if (!isDispatched(request.sysFlag)) return;
    this.queues.putEntry(
      request.topic,
      request.queueId,
      request.consumeQueueOffset,
      request.commitLogOffset,
      request.msgSize,
      request.tagsCode,
      request.storeTimestamp,
    );
    // RocketMQ passes the queue's new max offset (entry offset + 1).
    this.listener?.(
      request.topic,
      request.queueId,
      request.consumeQueueOffset + 1,
      request.tagsCode,
      request.storeTimestamp,
    );
  }
}

export interface IndexDispatcherOptions {
  /** messageIndexEnable (default true). */
  readonly enabled?: boolean;
  readonly logger?: StoreLogger;
}

export class IndexDispatcher implements CommitLogDispatcher {
  private failure: unknown;
  private readonly enabled: boolean;
  private readonly logger: StoreLogger;

  constructor(
    private readonly index: IndexService,
    options: IndexDispatcherOptions = {},
  ) {
    this.enabled = options.enabled ?? true;
    this.logger = options.logger ?? NOOP_STORE_LOGGER;
  }

  /** The error that stopped index building, if any. */
  get error(): unknown {
    return this.failure;
  }

  dispatch(request: DispatchRequest): void {
    if (!this.enabled || this.failure !== undefined) return;
    try {
      this.index.buildIndex(request);
    } catch (err) {
      this.failure = err;
      this.logger.error(
        { err, commitLogOffset: request.commitLogOffset },
        'index building stopped after a write failure',
      );
    }
  }
}
