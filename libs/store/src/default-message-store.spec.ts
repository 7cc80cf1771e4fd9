/**
 * DefaultMessageStore (files) passes the same conformance suite as MemoryMessageStore, on real
 * files in a temp directory with small segments so that files roll and retention has work.
 */
import { makeTempDir } from '@rmq/testing';
import { describeMessageStoreConformance } from './conformance';
import { DefaultMessageStore } from './default-message-store';
import type { MessageStore } from './message-store';
import { defaultMessageStoreConfig, MessageStoreConfig } from './store-config';

const MAX_MESSAGE_BYTES = 64 * 1024;
const SEGMENT_BYTES = 256 * 1024;

let temp: { dir: string; remove(): void } | undefined;

function configFor(dir: string): MessageStoreConfig {
  return defaultMessageStoreConfig(dir, {
    mappedFileSizeCommitLog: SEGMENT_BYTES,
    mappedFileSizeConsumeQueue: 100 * 20,
    maxMessageSize: MAX_MESSAGE_BYTES,
    maxHashSlotNum: 1000,
    maxIndexNum: 4000,
  });
}

describeMessageStoreConformance('DefaultMessageStore', {
  maxMessageSize: MAX_MESSAGE_BYTES,
  dropOldestDataMinBytes: SEGMENT_BYTES * 2,
  async create(clock) {
    temp = makeTempDir('store-conformance');
    const store = new DefaultMessageStore({ config: configFor(temp.dir), clock: () => clock.nowMs() });
    await store.start();
    return store;
  },
  async reopen(_store: MessageStore, clock) {
    if (!temp) throw new Error('reopen before create');
    const store = new DefaultMessageStore({ config: configFor(temp.dir), clock: () => clock.nowMs() });
    await store.start();
    return store;
  },
  async settle(store: MessageStore) {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    await (store as DefaultMessageStore).waitDispatched();
  },
  async dropOldestData(store: MessageStore) {
    const s = store as DefaultMessageStore;
    await s.commitLog.flush();
    s.commitLog.deleteFirstFileIfExpired(Number.MAX_SAFE_INTEGER, true);
    const min = s.commitLog.minOffset();
    s.consumeQueues.deleteExpiredFiles(min);
    s.consumeQueues.correctMinOffsets(min);
    s.indexService.deleteExpiredFiles(min);
  },
  async cleanup() {
    temp?.remove();
    temp = undefined;
  },
});
