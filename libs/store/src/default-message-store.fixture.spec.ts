/**
 * Compatibility with a real RocketMQ 4.9.8 store directory: DefaultMessageStore opens the captured
 * store (clean shutdown) and the copy taken while the broker ran (abort file present, needs
 * recovery) and serves exactly their messages through the MessageStore API, the way our broker will
 * answer pulls, offset queries and message lookups for users who point it at an existing store.
 */
import { chmodSync, cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeStoredMessage, tagsCodeOf } from '@rmq/protocol';
import { fixturePath, makeTempDir } from '@rmq/testing';
import { DefaultMessageStore } from './default-message-store';
import { defaultMessageStoreConfig } from './store-config';

const RECORD_OFFSETS = [0, 247, 463, 699, 935, 1171, 1456, 1813];
const DATA_END = 2167;

function copyFixtureStore(name: 'store' | 'store-unclean'): { dir: string; remove(): void } {
  const temp = makeTempDir(`fixture-${name}`);
  cpSync(fixturePath(name), temp.dir, { recursive: true });
  makeWritable(temp.dir);
  return temp;
}

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) makeWritable(p);
    else chmodSync(p, 0o644);
  }
}

function fixtureConfig(dir: string) {
  return defaultMessageStoreConfig(dir, {
    mappedFileSizeCommitLog: 1024 * 1024,
    mappedFileSizeConsumeQueue: 6000,
    maxHashSlotNum: 100,
    maxIndexNum: 400,
  });
}

const capturedLog = (): Buffer => readFileSync(fixturePath('store', 'commitlog', '00000000000000000000'));

describe.each(['store', 'store-unclean'] as const)(
  'DefaultMessageStore on the captured RocketMQ 4.9.8 %s/',
  (name) => {
    let temp: { dir: string; remove(): void };
    let store: DefaultMessageStore;

    beforeAll(async () => {
      temp = copyFixtureStore(name);
      store = new DefaultMessageStore({ config: fixtureConfig(temp.dir) });
      await store.start();
    });

    afterAll(async () => {
      await store.shutdown();
      temp.remove();
    });

    it('recovers the commit log to the end of the captured data', () => {
      expect(store.getMinPhyOffset()).toBe(0);
      expect(store.getMaxPhyOffset()).toBe(DATA_END);
    });

    it('serves FixtureTopic/0 as RocketMQ stored it: five records, byte for byte', () => {
      const result = store.getMessage('FixtureCG', 'FixtureTopic', 0, 0, 32);
      expect(result.status).toBe('FOUND');
      expect(result.nextBeginOffset).toBe(5);
      expect(result.maxOffset).toBe(5);
      const log = capturedLog();
      expect(result.messages.map((m) => m.toString('hex'))).toEqual(
        RECORD_OFFSETS.slice(0, 5).map((offset, i) =>
          log.subarray(offset, RECORD_OFFSETS[i + 1]).toString('hex'),
        ),
      );
    });

    it('filters by tag with the captured consume-queue tag codes', () => {
      const tagB = store.getMessage('FixtureCG', 'FixtureTopic', 0, 0, 32, {
        isMatchedByConsumeQueue: (code) => code === tagsCodeOf('TagB'),
      });
      expect(tagB.messages.map((m) => decodeStoredMessage(m).body.toString())).toEqual(['fixture-body-0002']);
    });

    it('answers the offset questions of frames 25-27 (max 5, min 0, by time 1)', () => {
      expect(store.getMaxOffsetInQueue('FixtureTopic', 0)).toBe(5);
      expect(store.getMinOffsetInQueue('FixtureTopic', 0)).toBe(0);
      expect(store.getOffsetInQueueByTime('FixtureTopic', 0, 1795622117657)).toBe(1);
      expect(store.getMaxOffsetInQueue('%RETRY%FixtureCG', 0)).toBe(1);
    });

    it('looks messages up by commit-log offset (VIEW_MESSAGE_BY_ID) and by key (QUERY_MESSAGE)', () => {
      expect(store.lookMessageByOffset(0)).toEqual(capturedLog().subarray(0, 247));
      const byKey = store.queryMessage('FixtureTopic', 'fixture-key-0001', 32, 0, Number.MAX_SAFE_INTEGER);
      expect(byKey.messages.map((m) => decodeStoredMessage(m).physicalOffset)).toEqual([0]);
      const byUniqKey = store.queryMessage(
        'FixtureTopic',
        '7F000001053900000000000000000004',
        32,
        0,
        Number.MAX_SAFE_INTEGER,
      );
      expect(byUniqKey.messages.map((m) => decodeStoredMessage(m).physicalOffset)).toEqual([699]);
    });

    it('appends after the captured data with the next queue offset', async () => {
      const captured = decodeStoredMessage(capturedLog(), 0);
      const result = await store.putMessage({
        topic: 'FixtureTopic',
        queueId: 0,
        flag: 0,
        body: Buffer.from('after-the-capture'),
        propertiesString: captured.propertiesString,
        tagsCode: tagsCodeOf('TagA'),
        sysFlag: 0,
        bornTimestamp: Date.now(),
        bornHost: captured.bornHost,
        storeHost: captured.storeHost,
        reconsumeTimes: 0,
        preparedTransactionOffset: 0,
      });
      expect(result.status).toBe('PUT_OK');
      expect(result.appendResult).toMatchObject({ wroteOffset: DATA_END, logicsOffset: 5 });
      await new Promise((resolve) => setImmediate(resolve));
      await store.waitDispatched();
      expect(store.getMaxOffsetInQueue('FixtureTopic', 0)).toBe(6);
    });
  },
);
