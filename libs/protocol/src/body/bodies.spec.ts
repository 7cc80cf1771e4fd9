/**
 * protocol.md's "(verified)" body examples, the captured store config files (pretty fastjson), and
 * malformed bodies.
 */
import { readStoreFixture } from '@rmq/testing';
import { MalformedBodyError } from '../errors/malformed-body.error';
import { MalformedJsonError } from '../errors/malformed-json.error';
import { deflateSync } from 'node:zlib';
import { decodeConsumeStats, encodeConsumeStats } from './admin/consume-stats';
import {
  decodeConsumerOffsetSerializeWrapper,
  decodeDelayOffsetSerializeWrapper,
  encodeConsumerOffsetSerializeWrapper,
  encodeDelayOffsetSerializeWrapper,
} from './admin/offset-serialize-wrappers';
import {
  decodeSubscriptionGroupWrapper,
  encodeSubscriptionGroupWrapper,
  newSubscriptionGroupConfig,
} from './admin/subscription-group-config';
import { decodeTopicStatsTable, encodeTopicStatsTable } from './admin/topic-stats-table';
import { decodeLockBatchRequestBody, encodeLockBatchRequestBody } from './client/lock-batch';
import { buildSubscriptionData } from './client/heartbeat-data';
import { decodeClusterInfo, encodeClusterInfo } from './namesrv/cluster-info';
import { decodeKVTable, encodeKVTable } from './namesrv/kv-table';
import { decodeRegisterBrokerBodyCompressed, encodeRegisterBrokerBody } from './namesrv/register-broker-body';
import { decodeTopicRouteData, encodeTopicRouteData, TopicRouteData } from './route/topic-route-data';
import { decodeTopicConfigText, encodeTopicConfigText, newTopicConfig } from './topic/topic-config';
import {
  decodeTopicConfigSerializeWrapper,
  encodeTopicConfigSerializeWrapper,
} from './topic/topic-config-serialize-wrapper';
import { decodeTopicList, encodeTopicList } from './topic/topic-list';

const brokerA = {
  cluster: 'DefaultCluster',
  brokerName: 'broker-a',
  brokerAddrs: new Map([
    [1, '10.0.0.2:10911'],
    [0, '10.0.0.1:10911'],
  ]),
};

describe('protocol.md §2.4 verified examples', () => {
  const route: TopicRouteData = {
    brokerDatas: [brokerA],
    queueDatas: [{ brokerName: 'broker-a', perm: 6, readQueueNums: 4, writeQueueNums: 4, topicSysFlag: 0 }],
    filterServerTable: new Map(),
  };
  const routeText =
    '{"brokerDatas":[{"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}';

  it('TopicRouteData, default form (bare keys) and standard form (quoted keys)', () => {
    expect(encodeTopicRouteData(route).toString()).toBe(routeText);
    expect(encodeTopicRouteData(route, { standardJson: true }).toString()).toBe(
      routeText.replace('{0:', '{"0":').replace(',1:', ',"1":'),
    );
    expect(decodeTopicRouteData(routeText)).toEqual({
      ...route,
      brokerDatas: [{ ...brokerA, brokerAddrs: new Map([...brokerA.brokerAddrs].reverse()) }],
    });
  });

  it('TopicRouteData: orderTopicConf when set, topicSynFlag on request, arrays even when empty', () => {
    const text = encodeTopicRouteData(
      { ...route, orderTopicConf: 'broker-a:4' },
      { emitTopicSynFlag: true },
    ).toString();
    expect(text).toContain('"orderTopicConf":"broker-a:4"');
    expect(text).toContain('"topicSynFlag":0,"topicSysFlag":0');
    expect(
      encodeTopicRouteData({ brokerDatas: [], queueDatas: [], filterServerTable: new Map() }).toString(),
    ).toBe('{"brokerDatas":[],"filterServerTable":{},"queueDatas":[]}');
    const legacy =
      '{"queueDatas":[{"brokerName":"b","perm":6,"readQueueNums":1,"topicSynFlag":2,"writeQueueNums":1}]}';
    expect(decodeTopicRouteData(legacy).queueDatas[0]?.topicSysFlag).toBe(2);
    expect(decodeTopicRouteData(legacy).brokerDatas).toEqual([]);
  });

  it('ClusterInfo', () => {
    const text =
      '{"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}},"clusterAddrTable":{"DefaultCluster":["broker-a"]}}';
    const info = {
      brokerAddrTable: new Map([['broker-a', brokerA]]),
      clusterAddrTable: new Map([['DefaultCluster', ['broker-a']]]),
    };
    expect(encodeClusterInfo(info).toString()).toBe(text);
    expect(encodeClusterInfo(decodeClusterInfo(text)).toString()).toBe(text);
  });

  it('RegisterBrokerBody, uncompressed', () => {
    const text =
      '{"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":{"counter":0,"timestamp":1700000000000},"topicConfigTable":{"T":{"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG","topicName":"T","topicSysFlag":0,"writeQueueNums":4}}}}';
    const body = {
      filterServerList: [],
      topicConfigSerializeWrapper: {
        dataVersion: { counter: 0, timestamp: 1700000000000 },
        topicConfigTable: new Map([['T', newTopicConfig('T', { readQueueNums: 4, writeQueueNums: 4 })]]),
      },
    };
    expect(encodeRegisterBrokerBody(body).toString()).toBe(text);
  });

  it('a MessageQueue-keyed map (TopicStatsTable), object keys written as JSON objects', () => {
    const text =
      '{"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:{"lastUpdateTimestamp":1700000000000,"maxOffset":10,"minOffset":0}}}';
    const table = decodeTopicStatsTable(text);
    expect(table.offsetTable).toEqual([
      [
        { topic: 'T', brokerName: 'broker-a', queueId: 0 },
        { minOffset: 0, maxOffset: 10, lastUpdateTimestamp: 1700000000000 },
      ],
    ]);
    expect(encodeTopicStatsTable(table).toString()).toBe(text);
    const stringKeyed =
      '{"offsetTable":{"{\\"brokerName\\":\\"broker-a\\",\\"queueId\\":0,\\"topic\\":\\"T\\"}":{"maxOffset":10}}}';
    expect(decodeTopicStatsTable(stringKeyed).offsetTable[0]?.[0]).toEqual({
      topic: 'T',
      brokerName: 'broker-a',
      queueId: 0,
    });
  });

  it('TopicList with brokerAddr, KVTable', () => {
    expect(encodeTopicList({ topicList: ['T'], brokerAddr: '10.0.0.1:10911' }).toString()).toBe(
      '{"brokerAddr":"10.0.0.1:10911","topicList":["T"]}',
    );
    expect(decodeTopicList('{"brokerAddr":"a","topicList":["T"]}')).toEqual({
      topicList: ['T'],
      brokerAddr: 'a',
    });
    const kv = {
      table: new Map([
        ['brokerVersion', '407'],
        ['brokerVersionDesc', 'V4_9_7'],
      ]),
    };
    expect(decodeKVTable(encodeKVTable(kv))).toEqual(kv);
  });
});

describe('other bodies', () => {
  it('ConsumeStats writes consumeTps as a Java double and MessageQueue keys in hash order', () => {
    const mq = (queueId: number) => ({ topic: 'T', brokerName: 'broker-a', queueId });
    const offsets = { brokerOffset: 5, consumerOffset: 3, lastTimestamp: 0 };
    type Entry = [ReturnType<typeof mq>, typeof offsets];
    const forward: Entry[] = [0, 1, 2, 3].map((q) => [mq(q), offsets]);
    const text = encodeConsumeStats({ consumeTps: 0, offsetTable: forward }).toString();
    expect(text.startsWith('{"consumeTps":0.0,"offsetTable":{{"brokerName":"broker-a","queueId":')).toBe(
      true,
    );
    // Hash order, not insertion order: the same text whichever way the table was filled.
    expect(encodeConsumeStats({ consumeTps: 0, offsetTable: [...forward].reverse() }).toString()).toBe(text);
    expect(
      decodeConsumeStats(text)
        .offsetTable.map(([q]) => q.queueId)
        .sort(),
    ).toEqual([0, 1, 2, 3]);
    expect(decodeConsumeStats(encodeConsumeStats({ consumeTps: 1.5, offsetTable: [] })).consumeTps).toBe(1.5);
  });

  it('LockBatchRequestBody round-trips', () => {
    const body = { consumerGroup: 'G', clientId: 'c', mqSet: [{ topic: 'T', brokerName: 'b', queueId: 3 }] };
    expect(encodeLockBatchRequestBody(body).toString()).toBe(
      '{"clientId":"c","consumerGroup":"G","mqSet":[{"brokerName":"b","queueId":3,"topic":"T"}]}',
    );
    expect(decodeLockBatchRequestBody(encodeLockBatchRequestBody(body))).toEqual(body);
  });

  it('buildSubscriptionData splits tags and hashes them like FilterAPI', () => {
    expect(buildSubscriptionData('T', 'TagA || TagB ||TagA', 1)).toMatchObject({
      subString: 'TagA || TagB ||TagA',
      tagsSet: ['TagA', 'TagB'],
      codeSet: [2598919, 2598920],
    });
    expect(buildSubscriptionData('T', '*', 1)).toMatchObject({ subString: '*', tagsSet: [], codeSet: [] });
  });

  it('TopicConfig text form of the compressed register body', () => {
    const config = newTopicConfig('T', {
      readQueueNums: 4,
      writeQueueNums: 2,
      perm: 6,
      topicFilterType: 'MULTI_TAG',
    });
    expect(encodeTopicConfigText(config)).toBe('T 4 2 6 MULTI_TAG');
    expect(decodeTopicConfigText('T 4 2 6 MULTI_TAG')).toEqual(config);
  });
});

describe('store config files re-encode byte for byte (pretty fastjson)', () => {
  it.each(['topics.json', 'topics.json.bak'])('%s', (file) => {
    const text = readStoreFixture('config', file);
    const wrapper = decodeTopicConfigSerializeWrapper(text);
    const alphabetical = new Map([...wrapper.topicConfigTable].sort(([a], [b]) => (a < b ? -1 : 1)));
    expect(
      encodeTopicConfigSerializeWrapper(
        { ...wrapper, topicConfigTable: alphabetical },
        { pretty: true },
      ).toString(),
    ).toBe(text.toString());
  });

  it('subscriptionGroup.json', () => {
    const text = readStoreFixture('config', 'subscriptionGroup.json');
    const wrapper = decodeSubscriptionGroupWrapper(text);
    expect(wrapper.subscriptionGroupTable.get('FixtureCG')).toEqual(newSubscriptionGroupConfig('FixtureCG'));
    const shuffled = new Map([...wrapper.subscriptionGroupTable].reverse());
    expect(
      encodeSubscriptionGroupWrapper(
        { ...wrapper, subscriptionGroupTable: shuffled },
        { pretty: true },
      ).toString(),
    ).toBe(text.toString());
  });

  it('consumerOffset.json and delayOffset.json, with bare integer keys', () => {
    const offsets = readStoreFixture('config', 'consumerOffset.json');
    const consumer = decodeConsumerOffsetSerializeWrapper(offsets);
    expect(consumer.offsetTable.get('FixtureTopic@FixtureCG')).toEqual(new Map([[0, 5]]));
    expect(encodeConsumerOffsetSerializeWrapper(consumer, { pretty: true }).toString()).toBe(
      offsets.toString(),
    );
    const delays = readStoreFixture('config', 'delayOffset.json');
    const delay = decodeDelayOffsetSerializeWrapper(delays);
    expect(delay.offsetTable).toEqual(new Map([[3, 1]]));
    expect(encodeDelayOffsetSerializeWrapper(delay, { pretty: true }).toString()).toBe(delays.toString());
  });
});

describe('malformed bodies', () => {
  it.each([
    ['not JSON', () => decodeTopicRouteData('{"brokerDatas":['), MalformedJsonError],
    ['not an object', () => decodeTopicRouteData('[1]'), MalformedBodyError],
    [
      'a non-numeric broker id',
      () => decodeTopicRouteData('{"brokerDatas":[{"brokerName":"b","brokerAddrs":{x:"a"}}]}'),
      MalformedBodyError,
    ],
    ['a list where a map belongs', () => decodeClusterInfo('{"brokerAddrTable":[]}'), MalformedBodyError],
    [
      'a string queue count',
      () =>
        decodeTopicConfigSerializeWrapper(
          '{"topicConfigTable":{"T":{"topicName":"T","readQueueNums":"four"}}}',
        ),
      MalformedBodyError,
    ],
    [
      'an unknown topicFilterType',
      () =>
        decodeTopicConfigSerializeWrapper(
          '{"topicConfigTable":{"T":{"topicName":"T","topicFilterType":"X"}}}',
        ),
      MalformedBodyError,
    ],
    [
      'a long beyond 2^53',
      () =>
        decodeTopicStatsTable(
          '{"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:{"maxOffset":9007199254740993}}}',
        ),
      MalformedBodyError,
    ],
    [
      'a key that is not a MessageQueue',
      () => decodeTopicStatsTable('{"offsetTable":{"x":{}}}'),
      MalformedBodyError,
    ],
    [
      'a compressed body that is not zlib',
      () => decodeRegisterBrokerBodyCompressed(Buffer.from('nope')),
      MalformedBodyError,
    ],
    [
      'a compressed body cut short',
      () => decodeRegisterBrokerBodyCompressed(deflateSync(Buffer.from([0, 0, 0, 9, 0x7b]))),
      MalformedBodyError,
    ],
    ['bad topic config text', () => decodeTopicConfigText('T 4 x 6 SINGLE_TAG'), MalformedBodyError],
  ])('rejects %s', (_name, decode, errorClass) => {
    expect(decode).toThrow(errorClass);
  });

  it('a missing identity field is named in the error', () => {
    expect(() => decodeTopicRouteData('{"queueDatas":[{"perm":6}]}')).toThrow(
      /TopicRouteData\.queueDatas\[0\]\.brokerName is missing/,
    );
  });
});
