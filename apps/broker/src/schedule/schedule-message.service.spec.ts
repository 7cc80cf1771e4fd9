import { readFileSync } from 'node:fs';
import { silentLogger } from '@rmq/observability';
import {
  decodeMessageProperties,
  decodeStoredMessages,
  encodeMessageProperties,
  MessageConst,
  SystemTopic,
  tagsCodeOf,
} from '@rmq/protocol';
import {
  DefaultMessageStore,
  defaultMessageStoreConfig,
  DelayOffsetTable,
  MessageToStore,
  NodeFileSystem,
  parseDelayLevels,
} from '@rmq/store';
import { makeTempDir, waitFor } from '@rmq/testing';
import { parkIfDelayed } from '../send/delayed-message';
import { ScheduleMessageOptions, ScheduleMessageService } from './schedule-message.service';

const DELAY_LEVELS = '1s 5s 10s';
const T0 = 1_700_000_000_000;

describe('ScheduleMessageService (real DefaultMessageStore)', () => {
  let tmp: { dir: string; remove(): void };
  let nowMs: number;
  const clock = (): number => nowMs;
  let store: DefaultMessageStore;
  let service: ScheduleMessageService;

  async function openStore(): Promise<DefaultMessageStore> {
    const config = defaultMessageStoreConfig(tmp.dir, {
      mappedFileSizeCommitLog: 1024 * 1024,
      mappedFileSizeConsumeQueue: 100 * 20,
      maxHashSlotNum: 1000,
      maxIndexNum: 4000,
      messageDelayLevel: DELAY_LEVELS,
    });
    const opened = new DefaultMessageStore({ config, clock });
    await opened.start();
    return opened;
  }

  function openService(options: Partial<ScheduleMessageOptions> = {}): ScheduleMessageService {
    const opened = new ScheduleMessageService({
      store,
      offsets: new DelayOffsetTable({ fs: new NodeFileSystem(), storePathRootDir: tmp.dir }),
      delayLevelTableMs: parseDelayLevels(DELAY_LEVELS),
      flushDelayOffsetIntervalMs: 60_000,
      logger: silentLogger(),
      clock,
      options,
    });
    opened.load();
    return opened;
  }

  beforeEach(async () => {
    tmp = makeTempDir('schedule');
    nowMs = T0;
    store = await openStore();
    service = openService();
  });
  afterEach(async () => {
    await service.shutdown();
    await store.shutdown();
    tmp.remove();
  });

  /** Parks a message for TopicA queue 1 at `level`, stored at the current clock. */
  async function park(level: number, key: string, props: Record<string, string> = {}): Promise<void> {
    const msg: MessageToStore = {
      topic: 'TopicA',
      queueId: 1,
      flag: 3,
      body: Buffer.from(`body-${key}`),
      propertiesString: encodeMessageProperties(
        Object.entries({ TAGS: 'TagA', KEYS: key, DELAY: String(level), ...props }),
      ),
      tagsCode: tagsCodeOf('TagA'),
      sysFlag: 0,
      bornTimestamp: T0 - 5,
      bornHost: { host: '10.0.0.1', port: 40000 },
      storeHost: { host: '127.0.0.1', port: 10911 },
      reconsumeTimes: 2,
      preparedTransactionOffset: 0,
    };
    const result = await store.putMessage(parkIfDelayed(msg, 3));
    expect(result.status).toBe('PUT_OK');
    await store.waitDispatched();
  }

  async function delivered(): Promise<{ keys: string[]; tagsCodes: number[]; props: Map<string, string>[] }> {
    await store.waitDispatched();
    const tagsCodes: number[] = [];
    const got = store.getMessage('T', 'TopicA', 1, 0, 32, {
      isMatchedByConsumeQueue: (tagsCode) => tagsCodes.push(tagsCode) > 0,
    });
    const msgs = decodeStoredMessages(Buffer.concat(got.messages));
    const props = msgs.map((m) => decodeMessageProperties(m.propertiesString));
    return { keys: props.map((p) => p.get(MessageConst.PROPERTY_KEYS) ?? ''), tagsCodes, props };
  }

  it('leaves a message parked until its level is due, then puts it back as it was sent', async () => {
    await park(1, 'k1');
    const reads = jest.spyOn(store, 'getMessage');
    expect(await service.tick()).toBe(0);
    nowMs = T0 + 999;
    expect(await service.tick()).toBe(0);
    // The head entry is due at T0 + 1000: the level is not read again before that.
    expect(reads.mock.calls.filter((call) => call[1] === SystemTopic.SCHEDULE && call[2] === 0)).toHaveLength(
      1,
    );
    reads.mockRestore();
    expect((await delivered()).keys).toEqual([]);
    expect(service.offsetOf(1)).toBe(0);

    nowMs = T0 + 1000;
    expect(await service.tick()).toBe(1);
    const out = await delivered();
    expect(out.keys).toEqual(['k1']);
    expect(out.tagsCodes).toEqual([tagsCodeOf('TagA')]);
    expect(Object.fromEntries(out.props[0] ?? [])).toEqual({ TAGS: 'TagA', KEYS: 'k1' });
    const [real] = decodeStoredMessages(Buffer.concat(store.getMessage('T', 'TopicA', 1, 0, 1).messages));
    expect(real).toMatchObject({
      flag: 3,
      reconsumeTimes: 2,
      body: Buffer.from('body-k1'),
      bornTimestamp: T0 - 5,
    });
    expect(service.offsetOf(1)).toBe(1);
    expect(await service.tick()).toBe(0);
  });

  it('delivers a level in order and stops at the first entry not yet due', async () => {
    await park(2, 'a');
    nowMs = T0 + 1000;
    await park(2, 'b');
    nowMs = T0 + 3000;
    await park(2, 'c');
    await park(1, 'fast');
    nowMs = T0 + 6500;
    expect(await service.tick()).toBe(3);
    // Levels are walked in order (1 before 2); within a level, store order.
    expect((await delivered()).keys).toEqual(['fast', 'a', 'b']);
    expect(service.offsetOf(2)).toBe(2);
    nowMs = T0 + 8000;
    expect(await service.tick()).toBe(1);
    expect((await delivered()).keys).toEqual(['fast', 'a', 'b', 'c']);
  });

  it('bounds one pass by batchesPerTickMax × batchMessagesMax per level', async () => {
    await service.shutdown();
    service = openService({ batchMessagesMax: 2, batchesPerTickMax: 2 });
    for (const key of ['1', '2', '3', '4', '5']) await park(1, key);
    nowMs = T0 + 1000;
    expect(await service.tick()).toBe(4);
    expect(await service.tick()).toBe(1);
    expect(service.offsetOf(1)).toBe(5);
  });

  it('keeps the offset on a refused put and retries after a backoff, without losing the message', async () => {
    await park(1, 'k1');
    nowMs = T0 + 1000;
    const put = jest.spyOn(store, 'putMessage').mockResolvedValueOnce({ status: 'SERVICE_NOT_AVAILABLE' });
    expect(await service.tick()).toBe(0);
    expect(service.offsetOf(1)).toBe(0);
    expect(await service.tick()).toBe(0);
    expect(put).toHaveBeenCalledTimes(1);
    nowMs += 1000;
    expect(await service.tick()).toBe(1);
    expect((await delivered()).keys).toEqual(['k1']);
    put.mockRestore();
  });

  it('gives up a message the store can never take after putAttemptsMax attempts, and moves on', async () => {
    await park(1, 'bad');
    await park(1, 'good');
    nowMs = T0 + 1000;
    const put = jest.spyOn(store, 'putMessage');
    put
      .mockResolvedValueOnce({ status: 'MESSAGE_ILLEGAL' })
      .mockResolvedValueOnce({ status: 'MESSAGE_ILLEGAL' });
    put.mockResolvedValueOnce({ status: 'MESSAGE_ILLEGAL' });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await service.tick();
      nowMs += 10_000;
    }
    expect((await delivered()).keys).toEqual(['good']);
    expect(service.offsetOf(1)).toBe(2);
    put.mockRestore();
  });

  it('skips a parked record without REAL_TOPIC', async () => {
    const orphan: MessageToStore = {
      topic: SystemTopic.SCHEDULE,
      queueId: 0,
      flag: 0,
      body: Buffer.from('orphan'),
      propertiesString: encodeMessageProperties([['DELAY', '1']]),
      tagsCode: 0,
      sysFlag: 0,
      bornTimestamp: T0,
      bornHost: { host: '10.0.0.1', port: 40000 },
      storeHost: { host: '127.0.0.1', port: 10911 },
      reconsumeTimes: 0,
      preparedTransactionOffset: 0,
    };
    expect((await store.putMessage(orphan)).status).toBe('PUT_OK');
    await park(1, 'after');
    nowMs = T0 + 1000;
    expect(await service.tick()).toBe(1);
    expect((await delivered()).keys).toEqual(['after']);
    expect(service.offsetOf(1)).toBe(2);
  });

  it('persists progress at shutdown and resumes from it after a restart, delivering nothing twice', async () => {
    await park(1, 'early');
    nowMs = T0 + 600;
    await park(1, 'late');
    nowMs = T0 + 1000;
    expect(await service.tick()).toBe(1);
    await service.shutdown();
    await store.shutdown();
    const saved = readFileSync(`${tmp.dir}/config/delayOffset.json`, 'utf8');
    expect(saved).toMatch(/"offsetTable"\s*:\s*\{\s*1\s*:\s*1\s*\}/);

    store = await openStore();
    service = openService();
    expect(service.offsetOf(1)).toBe(1);
    nowMs = T0 + 2000;
    expect(await service.tick()).toBe(1);
    expect((await delivered()).keys).toEqual(['early', 'late']);
  });

  it('runs on its own timer once started, and stops it at shutdown', async () => {
    await service.shutdown();
    service = openService({ tickIntervalMs: 5 });
    service.start();
    await park(1, 'timed');
    nowMs = T0 + 1000;
    await waitFor(
      'the timer to deliver',
      async () => (await delivered()).keys.length === 1 || undefined,
      5_000,
    );
    await service.shutdown();
    await park(1, 'after-stop');
    nowMs = T0 + 5000;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await delivered()).keys).toEqual(['timed']);
  });
});
