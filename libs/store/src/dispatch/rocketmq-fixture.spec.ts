/**
 * Proof against a real RocketMQ 4.9.8 store (shared/fixtures/rocketmq-4.9.8, MANIFEST.md): we read
 * its consume queues and index file, and dispatching its commit log into empty directories gives
 * the same bytes. Fixture directories are read-only, so each test works on a copy.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixturePath, makeTempDir } from '@rmq/testing';
import { ConsumeQueueStore } from '../consumequeue/consume-queue-store';
import { getMessageFromQueue } from '../consumequeue/get-message';
import { NodeFileSystem } from '../fs/node-file-system';
import { IndexService } from '../index-file/index-service';
import { ConsumeQueueDispatcher, IndexDispatcher } from './commit-log-dispatcher';
import { DEFAULT_MESSAGE_DELAY_LEVEL, parseDelayLevels } from './delay-level';
import { bufferReputSource } from './dispatch-test-records';
import { ReputService } from './reput-service';

const fs = new NodeFileSystem();
const RECORD_OFFSETS = [0, 247, 463, 699, 935, 1171, 1456, 1813];
const COMMIT_LOG_END = 2167;
const INDEX_FILE = '20261125155517581';
const INDEX_FILE_CREATED_MS = 1795622117581;
const CQ_FILES = ['%RETRY%FixtureCG/0', 'FixtureTopic/0', 'OFFSET_MOVED_EVENT/0', 'SCHEDULE_TOPIC_XXXX/2'];

function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const source = path.join(from, name);
    if (statSync(source).isDirectory()) copyTree(source, path.join(to, name));
    else writeFileSync(path.join(to, name), readFileSync(source));
  }
}

const FLUSH_CONFIG = { flushConsumeQueueLeastPages: 2, flushConsumeQueueThoroughInterval: 60_000 };

describe('RocketMQ 4.9.8 store fixtures', () => {
  let tmp: { dir: string; remove(): void };
  const commitLog = (): Buffer => readFileSync(fixturePath('store', 'commitlog', '00000000000000000000'));
  const openQueues = (root: string): ConsumeQueueStore => {
    const store = new ConsumeQueueStore({
      fs,
      config: { storePathConsumeQueue: root, mappedFileSizeConsumeQueue: 6000, ...FLUSH_CONFIG },
    });
    store.load();
    store.recoverAll();
    return store;
  };
  const openIndex = (storePath: string, lastExitOk = true, checkpointIndexMs = 0): IndexService => {
    const index = new IndexService({
      fs,
      storePath,
      hashSlotNum: 100,
      indexNum: 400,
      clock: () => INDEX_FILE_CREATED_MS,
      fileNameTimeZone: 'utc',
    });
    index.load(lastExitOk, checkpointIndexMs);
    return index;
  };

  beforeEach(() => {
    tmp = makeTempDir('fixture');
  });
  afterEach(() => tmp.remove());

  it('reads the captured consume queues: offsets, sizes and tag codes', () => {
    copyTree(fixturePath('store', 'consumequeue'), path.join(tmp.dir, 'consumequeue'));
    const queues = openQueues(path.join(tmp.dir, 'consumequeue'));
    const entries = (topic: string, queueId: number): number[][] =>
      (queues.find(topic, queueId)?.getEntries(0, 300) ?? []).map((e) => [
        e.commitLogOffset,
        e.size,
        e.tagsCode,
      ]);
    expect(entries('FixtureTopic', 0)).toEqual([
      [0, 247, 2598919],
      [247, 216, 2598920],
      [463, 236, 2598921],
      [699, 236, 2598921],
      [935, 236, 2598921],
    ]);
    expect(entries('%RETRY%FixtureCG', 0)).toEqual([[1813, 354, 2598920]]);
    expect(entries('OFFSET_MOVED_EVENT', 0)).toEqual([[1171, 285, -1097481203]]);
    expect(entries('SCHEDULE_TOPIC_XXXX', 2)).toEqual([[1456, 357, 1795622128816]]);
    expect(Object.fromEntries(queues.topicQueueOffsets())).toEqual({
      'FixtureTopic-0': 5,
      '%RETRY%FixtureCG-0': 1,
      'OFFSET_MOVED_EVENT-0': 1,
      'SCHEDULE_TOPIC_XXXX-2': 1,
    });
    expect(queues.maxPhyOffsetInConsumeQueues()).toBe(COMMIT_LOG_END);
    queues.close();
  });

  it('answers SEARCH_OFFSET_BY_TIMESTAMP and the retry-topic pull as the broker did (frames 27, 37)', () => {
    copyTree(fixturePath('store', 'consumequeue'), path.join(tmp.dir, 'consumequeue'));
    const queues = openQueues(path.join(tmp.dir, 'consumequeue'));
    const log = commitLog();
    const storeTimeOf = (phyOffset: number): number => Number(log.readBigInt64BE(phyOffset + 56));
    expect(queues.find('FixtureTopic', 0)?.getOffsetInQueueByTime(1795622117657, storeTimeOf)).toBe(1);
    const pull = getMessageFromQueue(
      {
        consumeQueue: queues.find('%RETRY%FixtureCG', 0),
        readRecord: (phyOffset, size) => log.subarray(phyOffset, phyOffset + size),
        maxPhyOffset: COMMIT_LOG_END,
        rollNextFile: () => 1024 * 1024,
        isInDisk: () => false,
        limits: {
          maxTransferBytesOnMessageInMemory: 262144,
          maxTransferCountOnMessageInMemory: 32,
          maxTransferBytesOnMessageInDisk: 65536,
          maxTransferCountOnMessageInDisk: 8,
        },
      },
      0,
      32,
    );
    expect(pull).toMatchObject({
      status: 'FOUND',
      nextBeginOffset: 1,
      minOffset: 0,
      maxOffset: 1,
      queueOffsets: [0],
    });
    expect(pull.messages[0]).toEqual(log.subarray(1813, 1813 + 354));
    queues.close();
  });

  it('reads the captured index file: header, chains and key queries (frames 29, 30)', () => {
    copyTree(fixturePath('store', 'index'), path.join(tmp.dir, 'index'));
    const index = openIndex(path.join(tmp.dir, 'index'));
    const query = (topic: string, key: string): number[] =>
      index.queryOffset(topic, key, 32, 0, Number.MAX_SAFE_INTEGER).phyOffsets;
    expect(query('FixtureTopic', 'fixture-key-0001')).toEqual([0]);
    expect(query('FixtureTopic', '7F000001053900000000000000000004')).toEqual([699]);
    expect(query('FixtureTopic', 'fixture-key-0005')).toEqual([935]);
    expect(query('OFFSET_MOVED_EVENT', 'FixtureCG')).toEqual([1171]);
    expect(query('SCHEDULE_TOPIC_XXXX', 'fixture-key-0002')).toEqual([1456]);
    expect(query('%RETRY%FixtureCG', '7F000001053900000000000000000002')).toEqual([1813]);
    expect(query('FixtureTopic', 'no-such-key')).toEqual([]);
    expect(index.queryOffset('FixtureTopic', 'fixture-key-0001', 32, 0, 1795622117000)).toMatchObject({
      phyOffsets: [],
      indexLastUpdateTimestamp: 1795622128893,
      indexLastUpdatePhyoffset: 1813,
    });
    index.close();
  });

  it('after a crash (store-unclean: abort present, checkpoint indexMsgTimestamp 0) drops the index file', () => {
    copyTree(fixturePath('store-unclean', 'index'), path.join(tmp.dir, 'index'));
    const checkpoint = readFileSync(fixturePath('store-unclean', 'checkpoint'));
    const indexMsgTimestamp = Number(checkpoint.readBigInt64BE(16));
    expect(indexMsgTimestamp).toBe(0);
    const index = openIndex(path.join(tmp.dir, 'index'), false, indexMsgTimestamp);
    expect(index.fileNames()).toEqual([]);
    expect(readdirSync(path.join(tmp.dir, 'index'))).toEqual([]);
    index.close();
  });

  it('dispatching the captured commit log writes byte-identical consume queues and index file', async () => {
    const queues = openQueues(path.join(tmp.dir, 'consumequeue'));
    const index = openIndex(path.join(tmp.dir, 'index'));
    const source = bufferReputSource(commitLog(), COMMIT_LOG_END);
    const dispatched: number[] = [];
    const reput = new ReputService({
      source,
      dispatchers: [
        new ConsumeQueueDispatcher(queues),
        new IndexDispatcher(index),
        { dispatch: (r) => dispatched.push(r.commitLogOffset) },
      ],
      delayLevelTableMs: parseDelayLevels(DEFAULT_MESSAGE_DELAY_LEVEL),
      verifyBodyCrc: true,
    });
    reput.dispatchUpTo(COMMIT_LOG_END);
    expect(dispatched).toEqual(RECORD_OFFSETS);
    expect(reput.dispatchBehindBytes()).toBe(0);
    await queues.flushAll(0);
    await index.flush();
    queues.close();
    index.close();

    for (const queueDir of CQ_FILES) {
      const ours = readFileSync(path.join(tmp.dir, 'consumequeue', queueDir, '00000000000000000000'));
      expect({ queueDir, bytes: ours }).toEqual({
        queueDir,
        bytes: readFileSync(fixturePath('store', 'consumequeue', queueDir, '00000000000000000000')),
      });
    }
    expect(readdirSync(path.join(tmp.dir, 'index'))).toEqual([INDEX_FILE]);
    const ours = readFileSync(path.join(tmp.dir, 'index', INDEX_FILE));
    expect(ours.equals(readFileSync(fixturePath('store', 'index', INDEX_FILE)))).toBe(true);
  });
});
