/**
 * The commit log against RocketMQ 4.9.8's own store (fixtures/rocketmq-4.9.8/store and store-unclean,
 * copied to a temp dir since the fixtures are read-only): normal and abnormal recovery find the 8
 * captured records byte for byte, and appending the same 8 messages to an empty log with the same
 * clock reproduces the captured file's first 2167 bytes exactly.
 */
import { chmodSync, cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeStoredMessage, DecodedStoredMessage } from '@rmq/protocol';
import { fixturePath, makeTempDir } from '@rmq/testing';
import { AbortFile } from '../checkpoint/abort-file';
import { StoreCheckpoint } from '../checkpoint/store-checkpoint';
import { NodeFileSystem } from '../fs/node-file-system';
import type { MessageToStore } from '../message-store';
import { CommitLog } from './commit-log';
import { recoverCommitLogAbnormally, recoverCommitLogNormally } from './commit-log-recovery';
import { testConfig } from './test/commit-log-test-kit';

const SEGMENT_BYTES = 1048576;
const RECORD_OFFSETS = [0, 247, 463, 699, 935, 1171, 1456, 1813];
const DATA_END = 2167;
const FIXTURE_SEGMENT = () => readFileSync(fixturePath('store', 'commitlog', '00000000000000000000'));

function copyWritable(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  const walk = (p: string): void => {
    chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
    if (statSync(p).isDirectory()) for (const name of readdirSync(p)) walk(path.join(p, name));
  };
  walk(to);
}

function fixtureConfig(storeDir: string): ReturnType<typeof testConfig> {
  return testConfig({
    storePathCommitLog: path.join(storeDir, 'commitlog'),
    mappedFileSizeCommitLog: SEGMENT_BYTES,
    maxMessageSize: 4 * 1024 * 1024,
  });
}

function expectTheCapturedRecords(commitLog: CommitLog): void {
  const fixture = FIXTURE_SEGMENT();
  const found = [...commitLog.readRecordsFrom(0, SEGMENT_BYTES)];
  expect(found.map((r) => r.offset)).toEqual(RECORD_OFFSETS);
  for (const record of found) {
    expect(record.record).toEqual(fixture.subarray(record.offset, record.offset + record.size));
    expect(commitLog.lookMessage(record.offset)).toEqual(record.record);
  }
  expect([...commitLog.topicQueueTable()].sort()).toEqual([
    ['%RETRY%FixtureCG-0', 1],
    ['FixtureTopic-0', 5],
    ['OFFSET_MOVED_EVENT-0', 1],
    ['SCHEDULE_TOPIC_XXXX-2', 1],
  ]);
}

describe('commit log on the RocketMQ 4.9.8 fixture store', () => {
  let temp: { dir: string; remove(): void };
  beforeEach(() => {
    temp = makeTempDir('commitlog-fixture');
  });
  afterEach(() => temp.remove());

  it('recovers store/ normally: 8 records, max offset 2167, each byte-identical', async () => {
    const storeDir = path.join(temp.dir, 'store');
    copyWritable(fixturePath('store'), storeDir);
    const fs = new NodeFileSystem();
    expect(new AbortFile(fs, path.join(storeDir, 'abort')).exists()).toBe(false);
    const commitLog = new CommitLog({ fs, config: fixtureConfig(storeDir) });
    await commitLog.load();
    const result = await recoverCommitLogNormally(commitLog, {
      checkCRCOnRecover: true,
      dispatchedPhyOffset: DATA_END,
    });
    expect(result).toMatchObject({ maxPhyOffset: DATA_END, dispatchFromOffset: DATA_END, recordsScanned: 8 });
    expect(result.lastStoreTimestampMs).toBe(1795622128893);
    commitLog.start();
    expectTheCapturedRecords(commitLog);
    const next = await commitLog.putMessage({
      ...toMessage(decodeStoredMessage(FIXTURE_SEGMENT(), 0)),
      topic: 'FixtureTopic',
    });
    expect(next.appendResult).toMatchObject({ wroteOffset: DATA_END, logicsOffset: 5 });
    await commitLog.shutdown();
  });

  it('recovers store-unclean/ abnormally from its checkpoint: same 8 records, the spare segment dropped', async () => {
    const storeDir = path.join(temp.dir, 'store-unclean');
    copyWritable(fixturePath('store-unclean'), storeDir);
    const fs = new NodeFileSystem();
    expect(new AbortFile(fs, path.join(storeDir, 'abort')).exists()).toBe(true);
    const checkpoint = await StoreCheckpoint.open(fs, path.join(storeDir, 'checkpoint'));
    const commitLog = new CommitLog({ fs, config: fixtureConfig(storeDir) });
    await commitLog.load();
    expect(commitLog.mappedFileQueue.mappedFiles()).toHaveLength(2);
    const result = await recoverCommitLogAbnormally(commitLog, {
      checkCRCOnRecover: true,
      checkpoint: checkpoint.timestamps(),
    });
    expect(result).toMatchObject({
      mode: 'abnormal',
      maxPhyOffset: DATA_END,
      scanFromOffset: 0,
      dispatchFromOffset: 0,
      recordsScanned: 8,
    });
    expect(fs.list(path.join(storeDir, 'commitlog'))).toEqual(['00000000000000000000']);
    commitLog.start();
    expectTheCapturedRecords(commitLog);
    await commitLog.shutdown();
    checkpoint.close();
  });

  it('lays out the same 8 messages exactly as RocketMQ did', async () => {
    const fixture = FIXTURE_SEGMENT();
    const captured = RECORD_OFFSETS.map((offset) => decodeStoredMessage(fixture, offset));
    const storeTimestamps = [0, 1, 2, 5, 6, 7].map((i) => captured[i]!.storeTimestamp);
    const fs = new NodeFileSystem();
    const storeDir = path.join(temp.dir, 'fresh');
    const commitLog = new CommitLog({
      fs,
      config: fixtureConfig(storeDir),
      clock: () => storeTimestamps.shift()!,
    });
    await commitLog.load();
    await recoverCommitLogNormally(commitLog, { checkCRCOnRecover: true, dispatchedPhyOffset: 0 });
    commitLog.start();
    const results = [
      await commitLog.putMessage(toMessage(captured[0]!)),
      await commitLog.putMessage(toMessage(captured[1]!)),
      await commitLog.putMessages(captured.slice(2, 5).map(toMessage)),
      await commitLog.putMessage(toMessage(captured[5]!)),
      await commitLog.putMessage(toMessage(captured[6]!)),
      await commitLog.putMessage(toMessage(captured[7]!)),
    ];
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('PUT_OK'));
    expect(results.map((r) => r.appendResult!.logicsOffset)).toEqual([0, 1, 2, 0, 0, 0]);
    expect(results[1]!.appendResult!.msgIds).toEqual(['7F000001000051AF00000000000000F7']);
    expect(results[2]!.appendResult!.msgIds).toHaveLength(3);
    await commitLog.shutdown();
    const ours = readFileSync(path.join(storeDir, 'commitlog', '00000000000000000000'));
    expect(ours).toHaveLength(SEGMENT_BYTES);
    expect(ours.subarray(0, DATA_END)).toEqual(fixture.subarray(0, DATA_END));
    expect(ours.subarray(DATA_END)).toEqual(fixture.subarray(DATA_END));
  });
});

function toMessage(m: DecodedStoredMessage): MessageToStore {
  return {
    topic: m.topic,
    queueId: m.queueId,
    flag: m.flag,
    body: m.body,
    propertiesString: m.propertiesString,
    tagsCode: 0,
    sysFlag: m.sysFlag,
    bornTimestamp: m.bornTimestamp,
    bornHost: m.bornHost,
    storeHost: m.storeHost,
    reconsumeTimes: m.reconsumeTimes,
    preparedTransactionOffset: m.preparedTransactionOffset,
  };
}
