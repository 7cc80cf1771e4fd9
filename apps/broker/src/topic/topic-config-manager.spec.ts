import { NodeFileSystem, TopicConfigTable } from '@rmq/store';
import { makeTempDir } from '@rmq/testing';
import { TopicChange, TopicConfigManager, TopicConfigManagerSettings } from './topic-config-manager';

const settings: TopicConfigManagerSettings = {
  brokerClusterName: 'DefaultCluster',
  brokerName: 'broker-a',
  autoCreateTopicEnable: true,
  defaultTopicQueueNums: 8,
  clusterTopicEnable: true,
  brokerTopicEnable: true,
  traceTopicEnable: false,
  msgTraceTopicName: 'RMQ_SYS_TRACE_TOPIC',
};

describe('TopicConfigManager', () => {
  const home = makeTempDir('topic-config-manager');
  afterAll(() => home.remove());
  let n = 0;
  const manager = (over: Partial<TopicConfigManagerSettings> = {}, changes: TopicChange[] = []) => {
    const table = new TopicConfigTable({ fs: new NodeFileSystem(), storePathRootDir: `${home.dir}/${n++}` });
    return new TopicConfigManager(table, { ...settings, ...over }, (c) => changes.push(c));
  };

  it('creates the built-in topics RocketMQ has, TBW102 only with auto-creation on', async () => {
    const on = manager();
    await on.load();
    expect(on.topics().sort()).toEqual(
      [
        'BenchmarkTest',
        'DefaultCluster',
        'DefaultCluster_REPLY_TOPIC',
        'OFFSET_MOVED_EVENT',
        'SCHEDULE_TOPIC_XXXX',
        'SELF_TEST_TOPIC',
        'TBW102',
        'broker-a',
      ].sort(),
    );
    expect(on.selectTopicConfig('TBW102')).toMatchObject({ readQueueNums: 8, writeQueueNums: 8, perm: 7 });
    const off = manager({ autoCreateTopicEnable: false });
    await off.load();
    expect(off.selectTopicConfig('TBW102')).toBeUndefined();
  });

  it('inherits TBW102 on first send, clears the inherit bit, and reports the change', async () => {
    const changes: TopicChange[] = [];
    const m = manager({}, changes);
    await m.load();
    const created = await m.createTopicInSendMessageMethod('NewTopic', 'TBW102', 4, 0);
    expect(created).toMatchObject({ readQueueNums: 4, writeQueueNums: 4, perm: 6 });
    expect(changes).toEqual([{ topic: 'NewTopic', reason: 'auto-create' }]);
    expect(await m.createTopicInSendMessageMethod('Other', 'NotATemplate', 4, 0)).toBeUndefined();
  });

  it('persists created topics so a new manager on the same directory sees them', async () => {
    const dir = `${home.dir}/persist`;
    const table = () => new TopicConfigTable({ fs: new NodeFileSystem(), storePathRootDir: dir });
    const first = new TopicConfigManager(table(), settings);
    await first.load();
    await first.createTopicInSendMessageBackMethod('%RETRY%G', 1, 6);
    const second = new TopicConfigManager(table(), settings);
    await second.load();
    expect(second.selectTopicConfig('%RETRY%G')).toMatchObject({ readQueueNums: 1, perm: 6 });
    expect(await second.deleteTopicConfig('%RETRY%G')).toBe(true);
  });
});
