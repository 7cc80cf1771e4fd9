/**
 * CommitLog appends and reads: offsets, store timestamps from the injected clock, msgIds, queue
 * offsets from the topic-queue table (transaction types included), batches, BLANK padding at a
 * file's end, RocketMQ's size limits, and one commit per event-loop turn.
 */
import {
  BLANK_MAGIC_CODE,
  decodeStoredMessage,
  encodeOffsetMessageId,
  MessageSysFlag,
  rocketmqCrc32,
} from '@rmq/protocol';
import { CommitLog } from './commit-log';
import {
  COMMIT_LOG_DIR,
  CountingFileSystem,
  freshFaultFs,
  message,
  messageOfSize,
  openCommitLog,
  steppingClock,
  testConfig,
} from './test/commit-log-test-kit';

describe('CommitLog appends and reads', () => {
  let commitLog: CommitLog;

  async function open(overrides: Parameters<typeof openCommitLog>[0] | object = {}): Promise<CommitLog> {
    const fs = await freshFaultFs();
    commitLog = (await openCommitLog({ fs, clock: steppingClock(5000), ...overrides })).commitLog;
    return commitLog;
  }

  afterEach(async () => commitLog.shutdown());

  it('appends a message at offset 0 with its store timestamp, queue offset and msgId, and reads it back', async () => {
    await open();
    const msg = message({ body: Buffer.from('hello'), reconsumeTimes: 2, flag: 9 });
    const result = await commitLog.putMessage(msg);
    expect(result.status).toBe('PUT_OK');
    const append = result.appendResult!;
    // msgIds is a lazily built getter: read it as a caller would.
    expect({ ...append, msgIds: append.msgIds }).toEqual({
      wroteOffset: 0,
      wroteBytes: append.wroteBytes,
      msgIds: [encodeOffsetMessageId(msg.storeHost, 0)],
      logicsOffset: 0,
      storeTimestamp: 5000,
      msgNum: 1,
    });
    expect(append.msgIds[0]).toBe('0A00000100002A9F0000000000000000');
    expect(JSON.parse(JSON.stringify(append)).msgIds).toEqual(append.msgIds);
    const record = commitLog.lookMessage(0)!;
    expect(record).toHaveLength(append.wroteBytes);
    const decoded = decodeStoredMessage(record);
    expect(decoded).toMatchObject({
      topic: 'TopicA',
      queueId: 0,
      flag: 9,
      queueOffset: 0,
      physicalOffset: 0,
      storeTimestamp: 5000,
      reconsumeTimes: 2,
      bornHost: msg.bornHost,
      storeHost: msg.storeHost,
      propertiesString: msg.propertiesString,
    });
    expect(decoded.body.toString()).toBe('hello');

    const second = await commitLog.putMessage(message());
    expect(second.appendResult).toMatchObject({
      wroteOffset: append.wroteBytes,
      logicsOffset: 1,
      storeTimestamp: 5001,
    });
    expect(commitLog.maxOffset()).toBe(append.wroteBytes + second.appendResult!.wroteBytes);
    expect(commitLog.lookMessage(1)).toBeUndefined();
    expect(commitLog.lookMessage(commitLog.maxOffset())).toBeUndefined();
  });

  it('keeps one queue-offset sequence per topic and queue', async () => {
    await open();
    const queueOffsets: number[] = [];
    for (const [topic, queueId] of [
      ['A', 0],
      ['A', 1],
      ['B', 0],
      ['A', 0],
      ['A', 1],
      ['A', 0],
    ] as const) {
      queueOffsets.push((await commitLog.putMessage(message({ topic, queueId }))).appendResult!.logicsOffset);
    }
    expect(queueOffsets).toEqual([0, 0, 0, 1, 1, 2]);
    expect([...commitLog.topicQueueTable()]).toEqual([
      ['A-0', 3],
      ['A-1', 2],
      ['B-0', 1],
    ]);
  });

  it('gives PREPARED and ROLLBACK records queue offset 0 without advancing the queue', async () => {
    await open();
    const put = async (sysFlag: number): Promise<number> =>
      (await commitLog.putMessage(message({ sysFlag }))).appendResult!.logicsOffset;
    expect(await put(MessageSysFlag.TRANSACTION_NOT_TYPE)).toBe(0);
    expect(await put(MessageSysFlag.TRANSACTION_PREPARED_TYPE)).toBe(0);
    expect(await put(MessageSysFlag.TRANSACTION_ROLLBACK_TYPE)).toBe(0);
    expect(await put(MessageSysFlag.TRANSACTION_COMMIT_TYPE)).toBe(1);
    expect(await put(MessageSysFlag.TRANSACTION_PREPARED_TYPE | MessageSysFlag.MULTI_TAGS_FLAG)).toBe(0);
    expect(await put(0)).toBe(2);
    expect(commitLog.topicQueueTable().get('TopicA-0')).toBe(3);
    const records = [...commitLog.readRecordsFrom(0, 1 << 20)].map(
      (r) => decodeStoredMessage(r.record).queueOffset,
    );
    expect(records).toEqual([0, 0, 0, 1, 0, 2]);
  });

  it('stores a batch contiguously with consecutive queue offsets, one timestamp and one msgId each', async () => {
    await open();
    await commitLog.putMessage(message());
    const batch = [0, 1, 2].map((i) => message({ body: Buffer.from(`batch-${i}`) }));
    const result = await commitLog.putMessages(batch);
    expect(result.status).toBe('PUT_OK');
    const append = result.appendResult!;
    expect(append.msgNum).toBe(3);
    expect(append.logicsOffset).toBe(1);
    const records = [...commitLog.readRecordsFrom(append.wroteOffset, 1 << 20)];
    expect(records.map((r) => r.offset)).toEqual([
      append.wroteOffset,
      append.wroteOffset + records[0]!.size,
      append.wroteOffset + records[0]!.size + records[1]!.size,
    ]);
    expect(append.wroteBytes).toBe(records.reduce((n, r) => n + r.size, 0));
    expect(append.msgIds).toEqual(records.map((r) => encodeOffsetMessageId(batch[0]!.storeHost, r.offset)));
    const decoded = records.map((r) => decodeStoredMessage(r.record));
    expect(decoded.map((m) => [m.queueOffset, m.storeTimestamp, m.body.toString()])).toEqual([
      [1, append.storeTimestamp, 'batch-0'],
      [2, append.storeTimestamp, 'batch-1'],
      [3, append.storeTimestamp, 'batch-2'],
    ]);
  });

  it('refuses batches across queues or with transactional messages', async () => {
    await open();
    const mixed = await commitLog.putMessages([message(), message({ queueId: 1 })]);
    expect(mixed.status).toBe('MESSAGE_ILLEGAL');
    const prepared = await commitLog.putMessages([
      message({ sysFlag: MessageSysFlag.TRANSACTION_PREPARED_TYPE }),
    ]);
    expect(prepared.status).toBe('MESSAGE_ILLEGAL');
    expect((await commitLog.putMessages([])).status).toBe('MESSAGE_ILLEGAL');
    expect(commitLog.maxOffset()).toBe(0);
  });

  it('pads the end of a file with a BLANK record and continues at the next file', async () => {
    await open();
    for (let i = 0; i < 4; i += 1) await commitLog.putMessage(messageOfSize(1000));
    const next = await commitLog.putMessage(messageOfSize(1000));
    expect(next.appendResult!.wroteOffset).toBe(4096);
    const first = commitLog.getData(0, 4096)!;
    expect(first).toHaveLength(4096);
    expect(first.readInt32BE(4000)).toBe(96);
    expect(first.readInt32BE(4004)).toBe(BLANK_MAGIC_CODE);
    expect(first.subarray(4008)).toEqual(Buffer.alloc(88));
    expect([...commitLog.readRecordsFrom(0, 1 << 20)].map((r) => r.offset)).toEqual([
      0, 1000, 2000, 3000, 4096,
    ]);
    expect([...commitLog.readRecordsFrom(4000, 1 << 20)].map((r) => r.offset)).toEqual([4096]);
  });

  it('uses a file up to the last 8 bytes, which then take a BLANK', async () => {
    await open();
    for (const size of [1000, 1000, 1000, 888]) await commitLog.putMessage(messageOfSize(size));
    const exact = await commitLog.putMessage(messageOfSize(200));
    expect(exact.appendResult!.wroteOffset).toBe(3888);
    const rolled = await commitLog.putMessage(messageOfSize(200));
    expect(rolled.appendResult!.wroteOffset).toBe(4096);
    const blank = commitLog.getData(4088, 8)!;
    expect([blank.readInt32BE(0), blank.readInt32BE(4)]).toEqual([8, BLANK_MAGIC_CODE]);
  });

  it('writes a batch contiguously in one file, rolling as a whole', async () => {
    await open();
    for (let i = 0; i < 3; i += 1) await commitLog.putMessage(messageOfSize(1000));
    const result = await commitLog.putMessages([messageOfSize(600), messageOfSize(600)]);
    expect(result.appendResult!.wroteOffset).toBe(4096);
    expect([...commitLog.readRecordsFrom(4096, 1 << 20)].map((r) => r.offset)).toEqual([4096, 4696]);
  });

  it('applies the size limits without writing anything or advancing the queue', async () => {
    await open({ config: testConfig({ maxMessageSize: 1200, mappedFileSizeCommitLog: 64 * 1024 }) });
    const cases = [
      // RocketMQ 4.9 limits the body, not the whole record, to maxMessageSize.
      [message({ body: Buffer.alloc(1201) }), 'MESSAGE_ILLEGAL'],
      [message({ topic: 't'.repeat(128) }), 'MESSAGE_ILLEGAL'],
      [message({ propertiesString: 'p'.repeat(32768) }), 'PROPERTIES_SIZE_EXCEEDED'],
      [message({ bornHost: { host: 'not-an-ip', port: 1 } }), 'MESSAGE_ILLEGAL'],
    ] as const;
    for (const [msg, status] of cases) {
      const result = await commitLog.putMessage(msg);
      expect(result.status).toBe(status);
      expect(result.appendResult).toBeUndefined();
      expect(result.remark).toBeTruthy();
    }
    expect(commitLog.maxOffset()).toBe(0);
    expect((await commitLog.putMessage(messageOfSize(1200))).appendResult!.logicsOffset).toBe(0);
    expect((await commitLog.putMessages([messageOfSize(800), messageOfSize(800)])).status).toBe(
      'MESSAGE_ILLEGAL',
    );
  });

  it('reads records in about maxBytes at a time, always at least one', async () => {
    await open({ config: testConfig({ mappedFileSizeCommitLog: 64 * 1024 }) });
    for (let i = 0; i < 10; i += 1) await commitLog.putMessage(messageOfSize(500));
    expect([...commitLog.readRecordsFrom(0, 1600)].map((r) => r.offset)).toEqual([0, 500, 1000]);
    expect([...commitLog.readRecordsFrom(1000, 10)].map((r) => r.offset)).toEqual([1000]);
    expect([...commitLog.readRecordsFrom(4500, 1 << 20)].map((r) => r.offset)).toEqual([4500]);
    expect([...commitLog.readRecordsFrom(5000, 1 << 20)]).toEqual([]);
    expect(commitLog.getData(4500, 100)).toHaveLength(100);
    expect(commitLog.getData(5000)).toBeUndefined();
    const all = [...commitLog.readRecordsFrom(0, 1 << 20)];
    expect(
      all.every((r) => rocketmqCrc32(r.record) === rocketmqCrc32(commitLog.lookMessage(r.offset)!)),
    ).toBe(true);
  });

  it('commits all appends of one event-loop turn with one write, and completes puts only after it', async () => {
    const counting = new CountingFileSystem(await freshFaultFs());
    await open({
      fs: counting,
      config: testConfig({ flushDiskType: 'ASYNC_FLUSH', mappedFileSizeCommitLog: 64 * 1024 }),
    });
    const writesBefore = counting.writes;
    const puts = Array.from({ length: 20 }, () => commitLog.putMessage(messageOfSize(200)));
    expect(counting.writes).toBe(writesBefore);
    expect(counting.readFile(`${COMMIT_LOG_DIR}/00000000000000000000`).subarray(0, 4)).toEqual(
      Buffer.alloc(4),
    );
    const results = await Promise.all(puts);
    expect(results.every((r) => r.status === 'PUT_OK')).toBe(true);
    expect(counting.writes).toBe(writesBefore + 1);
    expect(counting.readFile(`${COMMIT_LOG_DIR}/00000000000000000000`).readInt32BE(0)).toBe(200);
  });

  it('refuses puts before start and after shutdown', async () => {
    const fs = await freshFaultFs();
    commitLog = new CommitLog({ fs, config: testConfig() });
    expect((await commitLog.putMessage(message())).status).toBe('SERVICE_NOT_AVAILABLE');
    await commitLog.load();
    expect(() => commitLog.start()).toThrow(/recover first/);
    await commitLog.shutdown();
    expect((await commitLog.putMessage(message())).status).toBe('SERVICE_NOT_AVAILABLE');
  });

  it('deletes the oldest file once expired, never the last one', async () => {
    const fs = await freshFaultFs();
    await open({ fs });
    for (let i = 0; i < 9; i += 1) await commitLog.putMessage(messageOfSize(1000));
    fs.setLastModifiedMs(`${COMMIT_LOG_DIR}/00000000000000000000`, 1000);
    expect(commitLog.firstFileLastModifiedMs()).toBe(1000);
    expect(commitLog.deleteFirstFileIfExpired(1000)).toBeUndefined();
    expect(commitLog.deleteFirstFileIfExpired(1001)).toEqual({ fromOffset: 0, toOffset: 4096 });
    expect(commitLog.minOffset()).toBe(4096);
    expect(commitLog.lookMessage(0)).toBeUndefined();
    expect(commitLog.deleteFirstFileIfExpired(0, true)).toEqual({ fromOffset: 4096, toOffset: 8192 });
    expect(commitLog.deleteFirstFileIfExpired(Number.MAX_SAFE_INTEGER, true)).toBeUndefined();
    expect(commitLog.lookMessage(8192)).toBeDefined();
  });
});
