/** mqadmin consumer-group commands: updateSubGroup, deleteSubGroup, consumerProgress, consumerConnection, resetOffsetByTime. */
import { AdminCommand, need, NAMESRV_OPTION, row } from '../admin-command';
import { targetOf, TARGET_OPTIONS } from './target';

const GROUP_OPTION = {
  short: 'g',
  long: 'groupName',
  kind: 'string',
  description: 'consumer group',
} as const;

export const updateSubGroup: AdminCommand = {
  name: 'updateSubGroup',
  description: 'Update or create subscription group',
  options: [
    NAMESRV_OPTION,
    ...TARGET_OPTIONS,
    GROUP_OPTION,
    { short: 's', long: 'consumeEnable', kind: 'bool', description: 'consume enable (default true)' },
    {
      short: 'd',
      long: 'consumeBroadcastEnable',
      kind: 'bool',
      description: 'broadcast enable (default true)',
    },
    { short: 'q', long: 'retryQueueNums', kind: 'int', description: 'retry queues (default 1)' },
    { short: 'r', long: 'retryMaxTimes', kind: 'int', description: 'retries before the DLQ (default 16)' },
    {
      short: 'a',
      long: 'notifyConsumerIdsChanged',
      kind: 'bool',
      description: 'notify members of changes (default true)',
    },
  ],
  required: ['groupName'],
  async run({ options, admin, out }) {
    const groupName = need(options, 'groupName');
    const bool = (name: string): boolean | undefined =>
      options.has(name) ? options.get(name) === 'true' : undefined;
    const int = (name: string): number | undefined =>
      options.has(name) ? Number(options.get(name)) : undefined;
    const config = {
      groupName,
      ...defined({
        consumeEnable: bool('consumeEnable'),
        consumeBroadcastEnable: bool('consumeBroadcastEnable'),
        retryQueueNums: int('retryQueueNums'),
        retryMaxTimes: int('retryMaxTimes'),
        notifyConsumerIdsChangedEnable: bool('notifyConsumerIdsChanged'),
      }),
    };
    await (await admin()).createOrUpdateSubscriptionGroup(targetOf(options), config);
    out(`create subscription group [${groupName}] success.`);
  },
};

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const deleteSubGroup: AdminCommand = {
  name: 'deleteSubGroup',
  description: 'Delete subscription group from broker',
  options: [
    NAMESRV_OPTION,
    ...TARGET_OPTIONS,
    GROUP_OPTION,
    {
      short: 'r',
      long: 'removeOffset',
      kind: 'bool',
      description: 'also remove its offsets (default false)',
    },
  ],
  required: ['groupName'],
  async run({ options, admin, out }) {
    const group = need(options, 'groupName');
    await (
      await admin()
    ).deleteSubscriptionGroup(targetOf(options), group, options.get('removeOffset') === 'true');
    out(`delete subscription group [${group}] success.`);
  },
};

export const consumerProgress: AdminCommand = {
  name: 'consumerProgress',
  description: "Query consumer's progress, speed",
  options: [
    NAMESRV_OPTION,
    GROUP_OPTION,
    { short: 't', long: 'topic', kind: 'string', description: 'only this topic' },
  ],
  required: ['groupName'],
  async run({ options, admin, out }) {
    const stats = await (await admin()).examineConsumeStats(need(options, 'groupName'), options.get('topic'));
    out(row('#Topic', '#Broker Name', '#QID', '#Broker Offset', '#Consumer Offset', '#Diff', '#LastTime'));
    const sorted = [...stats.offsetTable].sort(
      ([a], [b]) =>
        a.topic.localeCompare(b.topic) || a.brokerName.localeCompare(b.brokerName) || a.queueId - b.queueId,
    );
    for (const [mq, o] of sorted) {
      const last = o.lastTimestamp > 0 ? new Date(o.lastTimestamp).toISOString() : 'N/A';
      out(
        row(
          mq.topic,
          mq.brokerName,
          mq.queueId,
          o.brokerOffset,
          o.consumerOffset,
          o.brokerOffset - o.consumerOffset,
          last,
        ),
      );
    }
    out('');
    out(`Consume TPS: ${stats.consumeTps.toFixed(2)}`);
    out(`Diff Total: ${stats.diffTotal}`);
  },
};

export const consumerConnection: AdminCommand = {
  name: 'consumerConnection',
  description: 'Query consumer socket connection, client version and subscription',
  options: [NAMESRV_OPTION, GROUP_OPTION],
  required: ['groupName'],
  async run({ options, admin, out }) {
    const connection = await (await admin()).examineConsumerConnectionInfo(need(options, 'groupName'));
    out(row('#ClientId', '#ClientAddr', '#Language', '#Version'));
    for (const c of connection.connectionSet) out(row(c.clientId, c.clientAddr, c.language, c.version));
    out('');
    out('Below is subscription:');
    for (const [topic, sub] of connection.subscriptionTable) out(row(topic, sub.subString));
    out('');
    out(`ConsumeType: ${connection.consumeType ?? ''}`);
    out(`MessageModel: ${connection.messageModel ?? ''}`);
    out(`ConsumeFromWhere: ${connection.consumeFromWhere ?? ''}`);
  },
};

export const resetOffsetByTime: AdminCommand = {
  name: 'resetOffsetByTime',
  description: 'Reset consumer offset by timestamp (ms since the epoch, or now)',
  options: [
    NAMESRV_OPTION,
    GROUP_OPTION,
    { short: 't', long: 'topic', kind: 'string', description: 'topic' },
    { short: 's', long: 'timestamp', kind: 'string', description: "ms since the epoch, or 'now'" },
  ],
  required: ['groupName', 'topic', 'timestamp'],
  async run({ options, admin, out }) {
    const text = need(options, 'timestamp');
    const timestamp = text === 'now' ? Date.now() : Number(text);
    if (!Number.isInteger(timestamp) || timestamp < 0)
      throw new Error(`-s must be ms since the epoch or 'now', got '${text}'`);
    const offsets = await (
      await admin()
    ).resetOffsetByTimestamp(need(options, 'topic'), need(options, 'groupName'), timestamp);
    out(row('#brokerName', '#queueId', '#offset'));
    for (const [mq, offset] of offsets) out(row(mq.brokerName, mq.queueId, offset));
  },
};
