import { buildSubscriptionData } from '@rmq/protocol';
import type { Channel } from '@rmq/remoting';
import { ConsumerManager } from './consumer-manager';

const channel = (name: string) => ({ remoteAddr: name, isOpen: true }) as unknown as Channel;

describe('ConsumerManager', () => {
  let now = 0;
  const changes: Array<[string, number]> = [];
  const manager = () =>
    new ConsumerManager(
      (group, channels) => changes.push([group, channels.length]),
      () => now,
    );
  const register = (m: ConsumerManager, ch: Channel, clientId: string, subVersion = 1, topics = ['T']) =>
    m.registerConsumer(
      {
        group: 'G',
        client: { channel: ch, clientId, language: 'JAVA', version: 401, lastUpdateTimestamp: now },
        consumeType: 'CONSUME_PASSIVELY',
        messageModel: 'CLUSTERING',
        consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
        subscriptions: topics.map((t) => buildSubscriptionData(t, '*', subVersion)),
      },
      true,
    );

  beforeEach(() => {
    now = 0;
    changes.length = 0;
  });

  it('lists members and notifies the group when one joins or leaves', () => {
    const m = manager();
    const a = channel('a');
    const b = channel('b');
    expect(register(m, a, 'c1')).toBe(true);
    expect(register(m, a, 'c1')).toBe(false); // a repeated heartbeat is no change
    expect(register(m, b, 'c2')).toBe(true);
    expect(m.consumerIds('G').sort()).toEqual(['c1', 'c2']);
    expect(m.channelClosed(a)).toEqual(['G']);
    expect(m.consumerIds('G')).toEqual(['c2']);
    expect(changes).toEqual([
      ['G', 1],
      ['G', 2],
      ['G', 1],
    ]);
  });

  it('keeps the newest subscription per topic and drops topics no longer sent', () => {
    const m = manager();
    const a = channel('a');
    register(m, a, 'c1', 5, ['T', 'U']);
    register(m, a, 'c1', 3, ['T']);
    expect(m.findSubscriptionData('G', 'T')?.subVersion).toBe(5);
    expect(m.findSubscriptionData('G', 'U')).toBeUndefined();
    expect(m.groupsOfTopic('T')).toEqual(['G']);
  });

  it('expires silent channels and forgets an empty group', () => {
    const m = manager();
    register(m, channel('a'), 'c1');
    now = 120_001;
    expect(m.scanNotActiveChannel(120_000)).toHaveLength(1);
    expect(m.getConsumerGroupInfo('G')).toBeUndefined();
  });
});
