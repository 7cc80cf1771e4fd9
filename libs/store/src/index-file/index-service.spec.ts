import { readdirSync } from 'node:fs';
import path from 'node:path';
import { MessageSysFlag } from '@rmq/protocol';
import { makeTempDir } from '@rmq/testing';
import { FaultInjectingFileSystem } from '../fs/fault-injecting-file-system';
import { NodeFileSystem } from '../fs/node-file-system';
import { IndexableRecord, IndexService, IndexServiceOptions } from './index-service';

const fs = new NodeFileSystem();
const T0 = Date.UTC(2026, 10, 25, 15, 55, 17, 581);

function record(commitLogOffset: number, overrides: Partial<IndexableRecord> = {}): IndexableRecord {
  return {
    topic: 'T',
    commitLogOffset,
    storeTimestamp: T0 + commitLogOffset * 1000,
    keys: `k${commitLogOffset}`,
    uniqKey: `U${commitLogOffset}`,
    sysFlag: 0,
    ...overrides,
  };
}

describe('IndexService', () => {
  let tmp: { dir: string; remove(): void };
  let nowMs: number;
  const open = (
    overrides: Partial<IndexServiceOptions> = {},
    lastExitOk = true,
    checkpointMs = 0,
  ): IndexService => {
    const service = new IndexService({
      fs,
      storePath: path.join(tmp.dir, 'index'),
      hashSlotNum: 10,
      indexNum: 5, // 4 keys per file
      clock: () => nowMs,
      fileNameTimeZone: 'utc',
      ...overrides,
    });
    service.load(lastExitOk, checkpointMs);
    return service;
  };
  const all = (service: IndexService, key: string, topic = 'T'): number[] =>
    service.queryOffset(topic, key, 64, 0, Number.MAX_SAFE_INTEGER).phyOffsets;

  beforeEach(() => {
    tmp = makeTempDir('index-service');
    nowMs = T0;
  });
  afterEach(() => tmp.remove());

  it('indexes topic#UNIQ_KEY and topic#word for every KEYS word', () => {
    const service = open({ indexNum: 100 });
    service.buildIndex(record(0, { keys: 'a  b c', uniqKey: 'U0' }));
    service.buildIndex(record(10, { keys: undefined, uniqKey: undefined }));
    service.buildIndex(record(20, { topic: 'V', keys: 'a', uniqKey: undefined }));
    expect(['U0', 'a', 'b', 'c'].map((k) => all(service, k))).toEqual([[0], [0], [0], [0]]);
    expect(all(service, 'a', 'V')).toEqual([20]);
    expect(all(service, '')).toEqual([]);
    expect(service.queryOffset('T', 'a', 64, 0, Number.MAX_SAFE_INTEGER)).toMatchObject({
      indexLastUpdatePhyoffset: 20,
      indexLastUpdateTimestamp: T0 + 20_000,
    });
  });

  it('skips ROLLBACK records but indexes PREPARED and COMMIT ones', () => {
    const service = open({ indexNum: 100 });
    service.buildIndex(record(0, { sysFlag: MessageSysFlag.TRANSACTION_ROLLBACK_TYPE }));
    service.buildIndex(record(10, { sysFlag: MessageSysFlag.TRANSACTION_PREPARED_TYPE }));
    service.buildIndex(record(20, { sysFlag: MessageSysFlag.TRANSACTION_COMMIT_TYPE }));
    expect([all(service, 'k0'), all(service, 'k10'), all(service, 'k20')]).toEqual([[], [10], [20]]);
  });

  it('skips records already indexed (re-dispatch after recovery)', () => {
    const service = open({ indexNum: 100 });
    service.buildIndex(record(0));
    service.buildIndex(record(10));
    service.buildIndex(record(0));
    service.buildIndex(record(10));
    expect([all(service, 'k0'), all(service, 'k10')]).toEqual([[0], [10]]);
  });

  it('starts a new file, named by the clock, when one is full; queries walk every file', async () => {
    const service = open();
    for (let i = 0; i < 5; i += 1) {
      nowMs += 1;
      service.buildIndex(record(i * 10, { keys: 'same' })); // 2 keys each: a file takes 2 records
    }
    expect(service.fileNames()).toEqual(['20261125155517582', '20261125155517584', '20261125155517586']);
    expect(all(service, 'same')).toEqual([40, 30, 20, 10, 0]);
    expect(service.queryOffset('T', 'same', 3, 0, Number.MAX_SAFE_INTEGER).phyOffsets).toEqual([40, 30, 20]);
    expect(service.queryOffset('T', 'same', 64, T0 + 15_000, T0 + 25_000).phyOffsets).toEqual([20]);
    await service.flush();
    service.close();
    expect(
      open({ maxMsgsNumBatch: 2 }).queryOffset('T', 'same', 64, 0, Number.MAX_SAFE_INTEGER).phyOffsets,
    ).toEqual([40, 30]);
  });

  it('gives two files created in the same millisecond different names', () => {
    const service = open();
    for (let i = 0; i < 5; i += 1) service.buildIndex(record(i * 10));
    expect(service.fileNames()).toEqual(['20261125155517581', '20261125155517582', '20261125155517583']);
  });

  it('reopens after a clean exit and keeps writing into the newest file', async () => {
    const service = open({ indexNum: 100 });
    service.buildIndex(record(0));
    service.buildIndex(record(10));
    await service.flush();
    service.close();
    const reopened = open({ indexNum: 100 });
    reopened.buildIndex(record(10)); // already there
    reopened.buildIndex(record(20));
    expect(reopened.fileNames()).toHaveLength(1);
    expect([all(reopened, 'k0'), all(reopened, 'U10'), all(reopened, 'k20')]).toEqual([[0], [10], [20]]);
  });

  it("flush makes sealed full files durable and returns the newest one's end time for the checkpoint", async () => {
    const service = open();
    expect(await service.flush()).toBe(0);
    for (let i = 0; i < 3; i += 1) service.buildIndex(record(i * 10));
    expect(await service.flush()).toBe(T0 + 10_000);
    expect(await service.flush()).toBe(0);
  });

  it('after a crash deletes files that end after the checkpoint index time', async () => {
    const service = open();
    for (let i = 0; i < 5; i += 1) service.buildIndex(record(i * 10));
    await service.flush();
    service.close();
    const dir = path.join(tmp.dir, 'index');
    expect(readdirSync(dir)).toHaveLength(3);
    const reopened = open({}, false, T0 + 10_000);
    expect(reopened.fileNames()).toEqual(['20261125155517581']);
    expect(readdirSync(dir)).toEqual(['20261125155517581']);
    expect(all(reopened, 'k10')).toEqual([10]);
    expect(all(reopened, 'k20')).toEqual([]);
    reopened.buildIndex(record(20));
    expect(all(reopened, 'k20')).toEqual([20]);
    expect(reopened.fileNames()).toHaveLength(2);
  });

  it('retention deletes leading files whose last record is below the min offset, never the newest', () => {
    const service = open();
    for (let i = 0; i < 5; i += 1) service.buildIndex(record(i * 10));
    expect(service.deleteExpiredFiles(15)).toBe(1);
    expect(service.deleteExpiredFiles(1000)).toBe(1);
    expect(service.fileNames()).toHaveLength(1);
    expect(all(service, 'k40')).toEqual([40]);
  });
});

describe('IndexService through a crash (fault-injecting disk)', () => {
  it('keeps the full files the checkpoint vouches for, and drops the rest on abnormal recovery', async () => {
    for (let seed = 1; seed <= 16; seed += 1) {
      const disk = new FaultInjectingFileSystem();
      disk.mkdirs('/store/index');
      await disk.syncDirectory('/');
      await disk.syncDirectory('/store');
      let nowMs = T0;
      const options = {
        fs: disk,
        storePath: '/store/index',
        hashSlotNum: 10,
        indexNum: 5,
        clock: () => nowMs++,
      };
      const service = new IndexService(options);
      service.load(true, 0);
      for (let i = 0; i < 5; i += 1) service.buildIndex(record(i * 10)); // files: 2 full, 1 open
      const checkpointMs = await service.flush();
      expect(checkpointMs).toBe(T0 + 30_000);
      for (let i = 5; i < 9; i += 1) service.buildIndex(record(i * 10));

      const after = disk.crash(seed);
      const reopened = new IndexService({ ...options, fs: after });
      reopened.load(false, checkpointMs);
      expect(reopened.fileNames()).toHaveLength(2);
      for (let i = 0; i < 4; i += 1) {
        expect(reopened.queryOffset('T', `k${i * 10}`, 10, 0, Number.MAX_SAFE_INTEGER).phyOffsets).toEqual([
          i * 10,
        ]);
      }
      reopened.buildIndex(record(40));
      expect(reopened.queryOffset('T', 'U40', 10, 0, Number.MAX_SAFE_INTEGER).phyOffsets).toEqual([40]);
    }
  });
});
