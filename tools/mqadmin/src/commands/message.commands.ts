/** mqadmin message commands: queryMsgById, queryMsgByKey, sendMessage, consumeMessage. */
import { MessageExt, Producer, PullConsumer } from '@rmq/client';
import { AdminCommand, CommandContext, need, NAMESRV_OPTION, row } from '../admin-command';

const TOPIC_OPTION = { short: 't', long: 'topic', kind: 'string', description: 'topic' } as const;
const BODY_PREVIEW_CHARS = 200;

function printMessage(out: CommandContext['out'], msg: MessageExt): void {
  const fields: Array<[string, string | number]> = [
    ['OffsetID', msg.offsetMsgId],
    ['Topic', msg.topic],
    ['Tags', `[${msg.tags ?? ''}]`],
    ['Keys', `[${msg.keys.join(' ')}]`],
    ['Queue ID', msg.queueId],
    ['Queue Offset', msg.queueOffset],
    ['CommitLog Offset', msg.commitLogOffset],
    ['Reconsume Times', msg.reconsumeTimes],
    ['Born Timestamp', new Date(msg.bornTimestamp).toISOString()],
    ['Store Timestamp', new Date(msg.storeTimestamp).toISOString()],
    ['Born Host', msg.bornHost],
    ['Store Host', msg.storeHost],
    ['System Flag', msg.sysFlag],
    ['Properties', JSON.stringify(msg.properties)],
    ['Message Body', msg.body.toString('utf8').slice(0, BODY_PREVIEW_CHARS)],
  ];
  for (const [name, value] of fields) out(`${name.padEnd(20)}: ${value}`);
}

export const queryMsgById: AdminCommand = {
  name: 'queryMsgById',
  description: 'Query Message by Id (the broker offset msgId)',
  options: [NAMESRV_OPTION, { short: 'i', long: 'msgId', kind: 'string', description: 'offset message id' }],
  required: ['msgId'],
  async run({ options, admin, out }) {
    printMessage(out, await (await admin()).viewMessage(need(options, 'msgId')));
  },
};

export const queryMsgByKey: AdminCommand = {
  name: 'queryMsgByKey',
  description: 'Query Message by Key',
  options: [
    NAMESRV_OPTION,
    TOPIC_OPTION,
    { short: 'k', long: 'msgKey', kind: 'string', description: 'message key' },
  ],
  required: ['topic', 'msgKey'],
  async run({ options, admin, out }) {
    const found = await (
      await admin()
    ).queryMessage(need(options, 'topic'), need(options, 'msgKey'), 64, 0, Date.now() + 1000);
    out(row('#Message ID', '#QID', '#Offset'));
    for (const msg of found) out(row(msg.offsetMsgId, msg.queueId, msg.queueOffset));
  },
};

export const sendMessage: AdminCommand = {
  name: 'sendMessage',
  description: 'Send a message',
  options: [
    NAMESRV_OPTION,
    TOPIC_OPTION,
    { short: 'p', long: 'body', kind: 'string', description: 'UTF-8 message body' },
    { short: 'k', long: 'key', kind: 'string', description: 'message keys' },
    { short: 'c', long: 'tags', kind: 'string', description: 'message tag' },
  ],
  required: ['topic', 'body'],
  async run({ options, namesrvAddr, out }) {
    const producer = new Producer({
      producerGroup: 'PID_SMSC',
      namesrvAddr,
      instanceName: `mqadmin-${process.pid}`,
    });
    await producer.start();
    try {
      const msg = { topic: need(options, 'topic'), body: Buffer.from(need(options, 'body'), 'utf8') };
      const result = await producer.send({
        ...msg,
        ...optional('tags', options.get('tags')),
        ...optional('keys', options.get('key')),
      });
      out(row('#Broker Name', '#QID', '#Send Result', '#MsgId'));
      out(row(result.messageQueue.brokerName, result.messageQueue.queueId, result.sendStatus, result.msgId));
      out(`OffsetMsgId: ${result.offsetMsgId}`);
    } finally {
      await producer.shutdown();
    }
  },
};

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

export const consumeMessage: AdminCommand = {
  name: 'consumeMessage',
  description: 'Print the messages of a topic from its first offset (commits nothing)',
  options: [
    NAMESRV_OPTION,
    TOPIC_OPTION,
    {
      short: 'g',
      long: 'consumerGroup',
      kind: 'string',
      description: 'group the pulls are made as (default TOOLS_CONSUMER)',
    },
    { short: 'c', long: 'messageCount', kind: 'int', description: 'most messages to print (default 128)' },
  ],
  required: ['topic'],
  async run({ options, namesrvAddr, out }) {
    const consumer = new PullConsumer({
      consumerGroup: options.get('consumerGroup') ?? 'TOOLS_CONSUMER',
      namesrvAddr,
      instanceName: `mqadmin-${process.pid}`,
    });
    await consumer.start();
    try {
      let left = Number(options.get('messageCount') ?? 128);
      for (const mq of await consumer.fetchSubscribeMessageQueues(need(options, 'topic'))) {
        for (let offset = await consumer.minOffset(mq); left > 0; ) {
          const result = await consumer.pull(mq, '*', offset, Math.min(32, left));
          if (result.pullStatus !== 'FOUND') break;
          for (const msg of result.msgFoundList.slice(0, left)) printConsumed(out, msg);
          left -= result.msgFoundList.length;
          offset = result.nextBeginOffset;
        }
      }
    } finally {
      await consumer.shutdown();
    }
  },
};

function printConsumed(out: CommandContext['out'], msg: MessageExt): void {
  out(
    `Consume ok: ${msg.brokerName ?? ''}/${msg.queueId}@${msg.queueOffset} MSGID: ${msg.msgId} TAGS: ${msg.tags ?? ''} KEYS: ${msg.keys.join(' ')} BODY: ${msg.body.toString('utf8').slice(0, BODY_PREVIEW_CHARS)}`,
  );
}
