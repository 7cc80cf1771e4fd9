/**
 * What an implementation hands the MessageStore conformance suite: how to make a store, and the
 * few hooks that depend on how it is built. Nothing here names a file, a segment size or a thread:
 * the same suite runs on DefaultMessageStore and MemoryMessageStore.
 */
import type { MessageStore } from '../message-store';

/** The suite's clock. A store under test must take its store timestamps from `nowMs()`. */
export interface ConformanceClock {
  nowMs(): number;
}

export interface MessageStoreHarness {
  /** maxMessageSize of the stores create() makes (bytes); keep it small (e.g. 64 KiB) for speed. */
  readonly maxMessageSize: number;
  /** A new, empty, started store whose store timestamps come from `clock.nowMs()`. */
  create(clock: ConformanceClock): Promise<MessageStore>;
  /**
   * The same data again after the suite has called `store.shutdown()`: a new store over the same
   * directory (file store) or the same instance restarted (memory store). Omit to skip reopen tests.
   */
  reopen?(store: MessageStore, clock: ConformanceClock): Promise<MessageStore>;
  /**
   * Resolves once everything put so far is visible to getMessage, queryMessage and the arriving
   * listener (an asynchronous dispatch has caught up). Omit when puts are visible at once.
   */
  settle?(store: MessageStore): Promise<void>;
  /**
   * Makes the store drop its oldest data as retention would (file store: delete the first
   * commit-log file, then clean consume queues and index): afterwards getMinPhyOffset() must be
   * above the first record's offset and the newest record must still be readable. The suite puts
   * enough data first (see `dropOldestDataMinBytes`). Omit to skip retention tests.
   */
  dropOldestData?(store: MessageStore): Promise<void>;
  /** Bytes the suite puts before calling dropOldestData (e.g. two commit-log files). Default 64 KiB. */
  readonly dropOldestDataMinBytes?: number;
  /** Releases what create() made (temp directories); called after every test. */
  cleanup?(): Promise<void>;
}
