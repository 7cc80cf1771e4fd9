import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '@rmq/testing';
import { FaultInjectingFileSystem } from '../fs/fault-injecting-file-system';
import { NodeFileSystem } from '../fs/node-file-system';
import { ConsumeQueueStore, ConsumeQueueStoreConfig } from './consume-queue-store';

const fs = new NodeFileSystem();

describe('ConsumeQueueStore', () => {
  let tmp: { dir: string; remove(): void };
  let nowMs: number;
  const config = (): ConsumeQueueStoreConfig => ({
    storePathConsumeQueue: path.join(tmp.dir, 'consumequeue'),
    mappedFileSizeConsumeQueue: 100,
    flushConsumeQueueLeastPages: 2,
    flushConsumeQueueThoroughInterval: 60_000,
  });
  const open = (): ConsumeQueueStore => {
    const store = new ConsumeQueueStore({ fs, config: config(), clock: () => nowMs });
    store.load();
    store.recoverAll();
    return store;
  };

  beforeEach(() => {
    tmp = makeTempDir('cqs');
    nowMs = 1_000_000;
  });
  afterEach(() => tmp.remove());

  it('creates queues lazily and finds them again after a reopen', async () => {
    const store = open();
    expect(store.find('%RETRY%G', 0)).toBeUndefined();
    store.putEntry('%RETRY%G', 0, 0, 0, 50, 1, 111);
    store.putEntry('T', 1, 0, 50, 50, 1, 112);
    store.putEntry('T', 1, 1, 100, 60, 1, 113);
    store.putEntry('T', 2, 0, 160, 40, 1, 114);
    expect(store.queueCount()).toBe(3);
    await store.flushAll(0);
    store.close();
    mkdirSync(path.join(config().storePathConsumeQueue, 'T', 'not-a-queue'));

    const reopened = open();
    expect(reopened.queueCount()).toBe(3);
    expect(Object.fromEntries(reopened.topicQueueOffsets())).toEqual({ '%RETRY%G-0': 1, 'T-1': 2, 'T-2': 1 });
    expect(reopened.maxPhyOffsetInConsumeQueues()).toBe(200);
    expect(reopened.find('T', 1)?.getEntry(1)?.commitLogOffset).toBe(100);
  });

  it('reports 0 as the re-dispatch start when no queue has entries', () => {
    expect(open().maxPhyOffsetInConsumeQueues()).toBe(0);
  });

  it('flushes by least pages, and thoroughly once per interval with the last put store time', async () => {
    const store = open();
    store.putEntry('T', 0, 0, 0, 10, 0, 5000);
    const first = await store.flushAll();
    expect(first).toEqual({ thorough: true, flushedQueues: 1, logicsMsgTimestampMs: 5000 });

    nowMs += 1000;
    store.putEntry('T', 0, 1, 10, 10, 0, 6000);
    expect(await store.flushAll()).toEqual({ thorough: false, flushedQueues: 0, logicsMsgTimestampMs: 0 });
    expect(store.find('T', 0)?.unflushedBytes()).toBe(20);

    nowMs += 60_000;
    expect(await store.flushAll()).toEqual({ thorough: true, flushedQueues: 1, logicsMsgTimestampMs: 6000 });
    expect(store.find('T', 0)?.unflushedBytes()).toBe(0);
  });

  it('truncates, corrects min offsets and deletes expired files across queues', () => {
    const store = open();
    for (let i = 0; i < 12; i += 1) store.putEntry('T', 0, i, i * 10, 10, 0, i);
    store.truncateDirtyLogicFiles(100);
    expect(store.find('T', 0)?.maxOffsetInQueue()).toBe(10);
    expect(store.deleteExpiredFiles(55)).toBe(1);
    expect(store.find('T', 0)?.minOffsetInQueue()).toBe(6);
  });

  it('destroyTopic removes every queue of the topic and its directory', () => {
    const store = open();
    store.putEntry('T', 0, 0, 0, 10, 0, 1);
    store.putEntry('T', 1, 0, 10, 10, 0, 1);
    store.putEntry('U', 0, 0, 20, 10, 0, 1);
    store.destroyTopic('T');
    expect(store.find('T', 0)).toBeUndefined();
    expect(readdirSync(config().storePathConsumeQueue)).toEqual(['U']);
    expect(store.findOrCreate('T', 0).maxOffsetInQueue()).toBe(0);
  });
});

describe('ConsumeQueueStore through a crash (fault-injecting disk)', () => {
  const config: ConsumeQueueStoreConfig = {
    storePathConsumeQueue: '/store/consumequeue',
    mappedFileSizeConsumeQueue: 200,
    flushConsumeQueueLeastPages: 2,
    flushConsumeQueueThoroughInterval: 60_000,
  };
  const open = (disk: FaultInjectingFileSystem): ConsumeQueueStore => {
    const store = new ConsumeQueueStore({ fs: disk, config, writeBufferBytes: 60 });
    store.load();
    store.recoverAll();
    return store;
  };

  it('keeps every entry of a thorough flush, and recovers a clean prefix of the rest', async () => {
    for (let seed = 1; seed <= 24; seed += 1) {
      const disk = new FaultInjectingFileSystem();
      disk.mkdirs(config.storePathConsumeQueue); // the composer creates and syncs the store root
      await disk.syncDirectory('/');
      await disk.syncDirectory('/store');
      const store = open(disk);
      const put = (i: number): void => {
        store.putEntry(`T${i % 2}`, i % 3, Math.floor(i / 6), i * 100, 100, i, i);
      };
      for (let i = 0; i < 120; i += 1) put(i);
      await store.flushAll(0);
      for (let i = 120; i < 200; i += 1) put(i);
      const reopened = open(disk.crash(seed));
      expect(reopened.queueCount()).toBe(6);
      for (const queue of reopened.queues()) {
        const max = queue.maxOffsetInQueue();
        expect(max).toBeGreaterThanOrEqual(20);
        let entries: number[] = [];
        while (entries.length < max) {
          entries = entries.concat(
            (queue.getEntries(entries.length, max) ?? []).map((e) => e.commitLogOffset),
          );
        }
        // Record i went to T(i % 2) / queue (i % 3): this queue holds i = k, k + 6, k + 12, ...
        const k =
          [0, 1, 2, 3, 4, 5].find((j) => `T${j % 2}` === queue.topic && j % 3 === queue.queueId) ?? -1;
        const expected = entries.map((_, n) => (k + 6 * n) * 100);
        expect(entries).toEqual(expected);
      }
    }
  });
});
