/**
 * The typed config tables against the files a real RocketMQ 4.9.8 broker wrote
 * (fixtures store/config/*.json): load, persist the same content, compare byte for byte.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { decodeTopicConfigSerializeWrapper, newSubscriptionGroupConfig, newTopicConfig } from '@rmq/protocol';
import { fixturePath, makeTempDir } from '@rmq/testing';
import { NodeFileSystem } from '../fs/node-file-system';
import { ConsumerOffsetTable } from './consumer-offset-table';
import { DelayOffsetTable } from './delay-offset-table';
import { SubscriptionGroupTable } from './subscription-group-table';
import { TopicConfigTable } from './topic-config-table';

const fixture = (name: string): Buffer => readFileSync(fixturePath('store', 'config', name));

interface Persistable {
  readonly path: string;
  load(): string;
  persist(): Promise<void>;
}

describe('config tables on the captured 4.9.8 files', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let root: string;
  const fs = new NodeFileSystem();
  beforeEach(() => {
    tmp = makeTempDir('config-tables');
    root = tmp.dir;
    mkdirSync(`${root}/config`);
  });
  afterEach(() => tmp.remove());

  const copyIn = (...names: string[]): void => {
    for (const n of names) copyFileSync(fixturePath('store', 'config', n), `${root}/config/${n}`);
  };
  const onDisk = (name: string): Buffer => readFileSync(`${root}/config/${name}`);

  const tables: Array<[string, () => Persistable, boolean]> = [
    ['topics.json', () => new TopicConfigTable({ fs, storePathRootDir: root }), true],
    ['subscriptionGroup.json', () => new SubscriptionGroupTable({ fs, storePathRootDir: root }), false],
    ['consumerOffset.json', () => new ConsumerOffsetTable({ fs, storePathRootDir: root }), true],
    ['delayOffset.json', () => new DelayOffsetTable({ fs, storePathRootDir: root }), true],
  ];

  it.each(tables)('%s: load then persist rewrites the same bytes', async (name, make, hasBak) => {
    copyIn(name, ...(hasBak ? [`${name}.bak`] : []));
    const table = make();
    expect(table.load()).toBe('main');
    await table.persist();
    expect(onDisk(name).equals(fixture(name))).toBe(true);
    // The .bak is the content the main file had before this persist.
    expect(onDisk(`${name}.bak`).equals(fixture(name))).toBe(true);
    expect(existsSync(`${root}/config/${name}.tmp`)).toBe(false);
  });

  it('consumerOffset.json and delayOffset.json: the captured .bak is the same content', () => {
    for (const name of ['consumerOffset.json', 'delayOffset.json']) {
      expect(fixture(`${name}.bak`).equals(fixture(name))).toBe(true);
    }
  });

  it('topics.json: replaying the broker step from .bak (counter 2) reproduces both files', async () => {
    writeFileSync(`${root}/config/topics.json`, fixture('topics.json.bak'));
    const after = decodeTopicConfigSerializeWrapper(fixture('topics.json'));
    const table = new TopicConfigTable({
      fs,
      storePathRootDir: root,
      nowMs: () => after.dataVersion.timestamp,
    });
    expect(table.load()).toBe('main');
    expect(table.has('%RETRY%FixtureCG')).toBe(false);
    await table.put(newTopicConfig('%RETRY%FixtureCG', { readQueueNums: 1, writeQueueNums: 1 }));
    expect(table.dataVersion()).toEqual({ counter: 3, timestamp: after.dataVersion.timestamp });
    expect(onDisk('topics.json').equals(fixture('topics.json'))).toBe(true);
    expect(onDisk('topics.json.bak').equals(fixture('topics.json.bak'))).toBe(true);
  });

  it('topics.json: a corrupt main file falls back to the .bak', () => {
    copyIn('topics.json.bak');
    writeFileSync(`${root}/config/topics.json`, fixture('topics.json').subarray(0, 700));
    const table = new TopicConfigTable({ fs, storePathRootDir: root });
    expect(table.load()).toBe('bak');
    expect(table.dataVersion().counter).toBe(2);
    expect(table.get('FixtureTopic')).toMatchObject({ readQueueNums: 4, writeQueueNums: 4, perm: 6 });
  });

  it('consumerOffset.json: offsets keyed topic@group with bare queue ids', () => {
    copyIn('consumerOffset.json');
    const table = new ConsumerOffsetTable({ fs, storePathRootDir: root });
    table.load();
    expect(table.queryOffset('FixtureCG', 'FixtureTopic', 0)).toBe(5);
    expect(table.queryOffset('FixtureCG', 'FixtureTopic', 1)).toBe(-1);
    expect(table.groupsOfTopic('FixtureTopic')).toEqual(new Set(['FixtureCG']));
  });

  it('delayOffset.json: keyed by delay level', () => {
    copyIn('delayOffset.json');
    const table = new DelayOffsetTable({ fs, storePathRootDir: root });
    table.load();
    expect(table.levels()).toEqual([3]);
    expect(table.get(3)).toBe(1);
    expect(table.get(2)).toBeUndefined();
  });

  it('subscriptionGroup.json: groups with default settings', () => {
    copyIn('subscriptionGroup.json');
    const table = new SubscriptionGroupTable({ fs, storePathRootDir: root });
    expect(table.load()).toBe('main');
    expect(table.get('FixtureCG')).toEqual(newSubscriptionGroupConfig('FixtureCG'));
    expect(table.groups()).toHaveLength(8);
  });
});
