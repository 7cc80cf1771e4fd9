/** The typed tables' APIs: version bumps, persistence round trips, the consumer-offset queries. */
import { readFileSync } from 'node:fs';
import { newSubscriptionGroupConfig, newTopicConfig } from '@rmq/protocol';
import { makeTempDir } from '@rmq/testing';
import { NodeFileSystem } from '../fs/node-file-system';
import { configFilePath, ConfigFileNames } from './config-file-names';
import { ConsumerOffsetTable, NO_CONSUMER_OFFSET, splitTopicAtGroup } from './consumer-offset-table';
import { DelayOffsetTable } from './delay-offset-table';
import { SubscriptionGroupTable } from './subscription-group-table';
import { TopicConfigTable } from './topic-config-table';

describe('config tables', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let nowMs: number;
  const fs = new NodeFileSystem();
  const deps = () => ({ fs, storePathRootDir: tmp.dir, nowMs: () => nowMs });
  beforeEach(() => {
    tmp = makeTempDir('config-tables-api');
    nowMs = 1_700_000_000_000;
  });
  afterEach(() => tmp.remove());

  describe('TopicConfigTable', () => {
    it('bumps the data version on every change and persists before resolving', async () => {
      const table = new TopicConfigTable(deps());
      expect(table.load()).toBe('none');
      expect(table.dataVersion()).toEqual({ counter: 0, timestamp: nowMs });
      nowMs += 1000;
      await table.put(newTopicConfig('T1', { readQueueNums: 4, writeQueueNums: 4 }));
      expect(table.dataVersion()).toEqual({ counter: 1, timestamp: nowMs });
      nowMs += 1000;
      await table.putAll([newTopicConfig('T2'), newTopicConfig('T3')]);
      expect(table.dataVersion().counter).toBe(2);
      expect(await table.delete('T2')).toBe(true);
      expect(await table.delete('T2')).toBe(false);
      expect(table.dataVersion().counter).toBe(3);

      const again = new TopicConfigTable(deps());
      expect(again.load()).toBe('main');
      expect(again.topics().sort()).toEqual(['T1', 'T3']);
      expect(again.get('T1')).toMatchObject({ readQueueNums: 4, perm: 6 });
      expect(again.dataVersion()).toEqual(table.dataVersion());
      const text = readFileSync(configFilePath(tmp.dir, ConfigFileNames.TOPICS), 'utf8');
      expect(text.startsWith('{\n\t"dataVersion":{\n\t\t"counter":3,')).toBe(true);
    });

    it('hands out copies, never its own entries', async () => {
      const table = new TopicConfigTable(deps());
      await table.put(newTopicConfig('T'));
      const got = table.get('T')!;
      got.perm = 0;
      table.snapshot().topicConfigTable.get('T')!.perm = 0;
      expect(table.get('T')!.perm).toBe(6);
    });
  });

  describe('SubscriptionGroupTable', () => {
    it('puts, deletes and reloads groups under a bumped version', async () => {
      const table = new SubscriptionGroupTable(deps());
      table.load();
      await table.put(newSubscriptionGroupConfig('G1', { retryMaxTimes: 3 }));
      await table.put(newSubscriptionGroupConfig('G2'));
      expect(await table.delete('G2')).toBe(true);
      const again = new SubscriptionGroupTable(deps());
      again.load();
      expect(again.groups()).toEqual(['G1']);
      expect(again.get('G1')!.retryMaxTimes).toBe(3);
      expect(again.dataVersion().counter).toBe(3);
    });
  });

  describe('ConsumerOffsetTable', () => {
    it('commits and queries per topic@group and queue; -1 when unknown', () => {
      const table = new ConsumerOffsetTable(deps());
      table.commitOffset('G', 'T', 0, 12);
      table.commitOffset('G', 'T', 1, 3);
      table.commitOffset('G', 'T', 0, 10);
      expect(table.queryOffset('G', 'T', 0)).toBe(10);
      expect(table.queryOffset('G', 'T', 2)).toBe(NO_CONSUMER_OFFSET);
      expect(table.queryOffset('H', 'T', 0)).toBe(NO_CONSUMER_OFFSET);
      expect(table.queryOffsets('G', 'T')).toEqual(
        new Map([
          [0, 10],
          [1, 3],
        ]),
      );
      expect(() => table.commitOffset('G', 'T', -1, 0)).toThrow(RangeError);
      expect(() => table.commitOffset('G', 'T', 0, 1.5)).toThrow(RangeError);
    });

    it('answers which topics and groups, clones and removes', () => {
      const table = new ConsumerOffsetTable(deps());
      table.commitOffset('G1', 'T1', 0, 1);
      table.commitOffset('G1', 'T2', 0, 2);
      table.commitOffset('G2', 'T1', 0, 3);
      expect(table.topicsOfGroup('G1')).toEqual(new Set(['T1', 'T2']));
      expect(table.groupsOfTopic('T1')).toEqual(new Set(['G1', 'G2']));
      expect(table.cloneOffset('G1', 'G3', 'T2')).toBe(true);
      expect(table.cloneOffset('G9', 'G3', 'T2')).toBe(false);
      expect(table.queryOffset('G3', 'T2', 0)).toBe(2);
      expect(table.removeGroup('G1')).toBe(2);
      expect(table.topicsOfGroup('G1').size).toBe(0);
      expect(table.removeTopic('T1')).toBe(1);
      expect(table.groupsOfTopic('T1').size).toBe(0);
      expect(splitTopicAtGroup('a@b@c')).toBeUndefined();
    });

    it('finds the smallest live offset over groups per queue', () => {
      const table = new ConsumerOffsetTable(deps());
      table.commitOffset('G1', 'T', 0, 50);
      table.commitOffset('G2', 'T', 0, 20);
      table.commitOffset('G3', 'T', 0, 5);
      table.commitOffset('G2', 'T', 1, 7);
      const minOffset = (q: number): number => (q === 0 ? 10 : 0);
      expect(table.queryMinOffsetInAllGroup('T', minOffset)).toEqual(
        new Map([
          [0, 20],
          [1, 7],
        ]),
      );
      expect(table.queryMinOffsetInAllGroup('T', minOffset, new Set(['G2']))).toEqual(new Map([[0, 50]]));
    });

    it('persists with bare integer queue ids and reloads', async () => {
      const table = new ConsumerOffsetTable(deps());
      table.commitOffset('G', 'T', 0, 5);
      table.commitOffset('G', 'T', 1, 6);
      await table.persist();
      const text = readFileSync(configFilePath(tmp.dir, ConfigFileNames.CONSUMER_OFFSET), 'utf8');
      expect(text).toBe('{\n\t"offsetTable":{\n\t\t"T@G":{0:5,1:6\n\t\t}\n\t}\n}');
      const again = new ConsumerOffsetTable(deps());
      again.load();
      expect(again.snapshot()).toEqual(table.snapshot());
    });
  });

  describe('DelayOffsetTable', () => {
    it('tracks progress per delay level and persists it', async () => {
      const table = new DelayOffsetTable(deps());
      expect(table.load()).toBe('none');
      table.update(3, 1);
      table.update(1, 0);
      expect(() => table.update(0, 1)).toThrow(RangeError);
      await table.persist();
      const text = readFileSync(configFilePath(tmp.dir, ConfigFileNames.DELAY_OFFSET), 'utf8');
      expect(text).toBe('{\n\t"offsetTable":{1:0,3:1\n\t}\n}');
      const again = new DelayOffsetTable(deps());
      again.load();
      expect(again.levels()).toEqual([1, 3]);
    });
  });
});
