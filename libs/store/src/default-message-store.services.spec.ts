/**
 * DefaultMessageStore's background services, on the fault-injecting file system whose disk usage
 * and file ages the test controls: a full disk refuses puts with SERVICE_NOT_AVAILABLE and takes
 * them again after space comes back; retention deletes expired commit-log files and the queue
 * entries that pointed into them; a failed fsync under SYNC_FLUSH is reported, never acknowledged.
 */
import { tagsCodeOf } from '@rmq/protocol';
import { waitFor } from '@rmq/testing';
import { DefaultMessageStore } from './default-message-store';
import { FaultInjectingFileSystem } from './fs/fault-injecting-file-system';
import { MessageToStore } from './message-store';
import { defaultMessageStoreConfig, MessageStoreConfig } from './store-config';

const ROOT = '/store';
const SEGMENT_BYTES = 64 * 1024;
const GIB = 1024 ** 3;

function message(body = 'x'.repeat(1000)): MessageToStore {
  return {
    topic: 'T',
    queueId: 0,
    flag: 0,
    body: Buffer.from(body),
    propertiesString: 'TAGS\u0001a',
    tagsCode: tagsCodeOf('a'),
    sysFlag: 0,
    bornTimestamp: 1,
    bornHost: { host: '127.0.0.1', port: 1 },
    storeHost: { host: '127.0.0.1', port: 10911 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  };
}

function config(overrides: Partial<MessageStoreConfig> = {}): MessageStoreConfig {
  return defaultMessageStoreConfig(ROOT, {
    mappedFileSizeCommitLog: SEGMENT_BYTES,
    mappedFileSizeConsumeQueue: 1000 * 20,
    maxHashSlotNum: 100,
    maxIndexNum: 1000,
    cleanResourceInterval: 20,
    deleteCommitLogFilesInterval: 0,
    ...overrides,
  });
}

describe('DefaultMessageStore services on a simulated disk', () => {
  let fs: FaultInjectingFileSystem;
  let store: DefaultMessageStore;

  afterEach(async () => {
    await store?.shutdown().catch(() => undefined);
  });

  it('refuses puts while the disk is over 90 % full and accepts them again once it is not', async () => {
    fs = new FaultInjectingFileSystem();
    store = new DefaultMessageStore({ config: config(), fs });
    await store.start();
    expect((await store.putMessage(message())).status).toBe('PUT_OK');

    fs.setDiskUsage({ totalBytes: 100 * GIB, freeBytes: 5 * GIB });
    await waitFor('the disk guard to notice', () => !store.isDiskWritable());
    const refused = await store.putMessage(message());
    expect(refused).toMatchObject({ status: 'SERVICE_NOT_AVAILABLE' });
    expect(refused.remark).toMatch(/disk is full/);

    fs.setDiskUsage({ totalBytes: 100 * GIB, freeBytes: 60 * GIB });
    await waitFor('the disk guard to notice', () => store.isDiskWritable());
    expect((await store.putMessage(message())).status).toBe('PUT_OK');
  });

  it('deletes expired commit-log files when the disk passes diskMaxUsedSpaceRatio, and the queue entries with them', async () => {
    fs = new FaultInjectingFileSystem();
    store = new DefaultMessageStore({
      config: config({ diskMaxUsedSpaceRatio: 50, fileReservedTime: 1 }),
      fs,
    });
    await store.start();
    for (let i = 0; i < 200; i++) expect((await store.putMessage(message())).status).toBe('PUT_OK');
    await store.commitLog.flush();
    const files = store.commitLog.mappedFileQueue.mappedFiles();
    expect(files.length).toBeGreaterThan(2);
    for (const file of files.slice(0, -1)) fs.setLastModifiedMs(file.fileName, Date.now() - 2 * 3_600_000);

    fs.setDiskUsage({ totalBytes: 100 * GIB, freeBytes: 30 * GIB });
    await waitFor('retention to delete the old files', () => store.getMinPhyOffset() > 0, 10_000);
    const minQueueOffset = store.getMinOffsetInQueue('T', 0);
    expect(minQueueOffset).toBeGreaterThan(0);
    const pulled = store.getMessage('g', 'T', 0, 0, 32);
    expect(pulled).toMatchObject({ status: 'OFFSET_TOO_SMALL', nextBeginOffset: minQueueOffset });
    expect(store.getMessage('g', 'T', 0, minQueueOffset, 1).status).toBe('FOUND');
  });

  it('under SYNC_FLUSH, a put whose fsync fails is not acknowledged as stored durably', async () => {
    fs = new FaultInjectingFileSystem();
    store = new DefaultMessageStore({
      config: config({ flushDiskType: 'SYNC_FLUSH', syncFlushTimeout: 500 }),
      fs,
    });
    await store.start();
    expect((await store.putMessage(message())).status).toBe('PUT_OK');
    fs.failSyncs({ path: /commitlog/, mode: 'fail', target: 'file' });
    const failed = await store.putMessage(message());
    expect(failed.status).not.toBe('PUT_OK');
    const later = await store.putMessage(message());
    expect(later.status).not.toBe('PUT_OK');
  });
});
