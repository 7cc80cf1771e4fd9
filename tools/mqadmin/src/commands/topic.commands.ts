/** mqadmin topic commands: updateTopic, deleteTopic, topicList, topicRoute, topicStatus. */
import { perm2String } from '@rmq/protocol';
import { AdminCommand, need, NAMESRV_OPTION, row } from '../admin-command';
import { targetOf, TARGET_OPTIONS } from './target';

export const updateTopic: AdminCommand = {
  name: 'updateTopic',
  description: 'Update or create topic',
  options: [
    NAMESRV_OPTION,
    ...TARGET_OPTIONS,
    { short: 't', long: 'topic', kind: 'string', description: 'topic name' },
    { short: 'r', long: 'readQueueNums', kind: 'int', description: 'read queues (default 8)' },
    { short: 'w', long: 'writeQueueNums', kind: 'int', description: 'write queues (default 8)' },
    { short: 'p', long: 'perm', kind: 'int', description: 'permission: 2 write, 4 read, 6 both (default 6)' },
    { short: 'o', long: 'order', kind: 'bool', description: 'ordered topic (default false)' },
  ],
  required: ['topic'],
  async run({ options, admin, out }) {
    const topicName = need(options, 'topic');
    const config = {
      topicName,
      readQueueNums: Number(options.get('readQueueNums') ?? 8),
      writeQueueNums: Number(options.get('writeQueueNums') ?? 8),
      perm: Number(options.get('perm') ?? 6),
      order: options.get('order') === 'true',
    };
    const target = targetOf(options);
    await (await admin()).createTopic(target, config);
    const where = 'brokerAddr' in target ? target.brokerAddr : `cluster ${target.clusterName}`;
    out(`create topic to ${where} success.`);
    out(
      `TopicConfig [topicName=${topicName}, readQueueNums=${config.readQueueNums}, writeQueueNums=${config.writeQueueNums}, perm=${perm2String(config.perm)}, order=${config.order}]`,
    );
  },
};

export const deleteTopic: AdminCommand = {
  name: 'deleteTopic',
  description: 'Delete topic from broker and NameServer',
  options: [
    NAMESRV_OPTION,
    { short: 't', long: 'topic', kind: 'string', description: 'topic name' },
    { short: 'c', long: 'clusterName', kind: 'string', description: 'delete the topic from this cluster' },
  ],
  required: ['topic', 'clusterName'],
  async run({ options, admin, out }) {
    const topic = need(options, 'topic');
    const cluster = need(options, 'clusterName');
    await (await admin()).deleteTopic(topic, cluster);
    out(`delete topic [${topic}] from cluster [${cluster}] success.`);
    out(`delete topic [${topic}] from NameServer success.`);
  },
};

export const topicList: AdminCommand = {
  name: 'topicList',
  description: 'Fetch all topic list from name server',
  options: [NAMESRV_OPTION],
  required: [],
  async run({ admin, out }) {
    for (const topic of (await (await admin()).fetchAllTopicList()).sort()) out(topic);
  },
};

export const topicRoute: AdminCommand = {
  name: 'topicRoute',
  description: 'Examine topic route info',
  options: [NAMESRV_OPTION, { short: 't', long: 'topic', kind: 'string', description: 'topic name' }],
  required: ['topic'],
  async run({ options, admin, out }) {
    const route = await (await admin()).examineTopicRouteInfo(need(options, 'topic'));
    out(row('#Broker Name', '#Read Queues', '#Write Queues', '#Perm'));
    for (const q of route.queueDatas)
      out(row(q.brokerName, q.readQueueNums, q.writeQueueNums, perm2String(q.perm)));
    out(row('#Broker Name', '#Broker Id', '#Address'));
    for (const b of route.brokerDatas)
      for (const [id, addr] of b.brokerAddrs) out(row(b.brokerName, id, addr));
  },
};

export const topicStatus: AdminCommand = {
  name: 'topicStatus',
  description: 'Examine topic Status info',
  options: [NAMESRV_OPTION, { short: 't', long: 'topic', kind: 'string', description: 'topic name' }],
  required: ['topic'],
  async run({ options, admin, out }) {
    const stats = await (await admin()).examineTopicStats(need(options, 'topic'));
    out(row('#Broker Name', '#QID', '#Min Offset', '#Max Offset', '#Last Updated'));
    const sorted = [...stats.offsetTable].sort(
      ([a], [b]) => a.brokerName.localeCompare(b.brokerName) || a.queueId - b.queueId,
    );
    for (const [mq, o] of sorted) {
      const last = o.lastUpdateTimestamp > 0 ? new Date(o.lastUpdateTimestamp).toISOString() : '';
      out(row(mq.brokerName, mq.queueId, o.minOffset, o.maxOffset, last));
    }
  },
};
