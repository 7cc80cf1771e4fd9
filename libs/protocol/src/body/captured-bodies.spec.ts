/**
 * The JSON bodies of the captured 4.9.8 frames: decoded values checked against the transcript, and
 * re-encoded to the exact captured bytes where the reference output is deterministic.
 */
import { readFrameFixture, readFrameTranscript, readStoreFixture } from '@rmq/testing';
import { inflateSync } from 'node:zlib';
import { decodeCommand } from '../remoting/frame-codec';
import { RemotingCommand } from '../remoting/remoting-command';
import { GetRouteInfoRequestHeader, wantsStandardRouteJson } from '../header/namesrv/get-route-info.header';
import { RegisterBrokerRequestHeader } from '../header/namesrv/register-broker.header';
import { rocketmqCrc32 } from '../util/crc32';
import { decodeStoredMessage } from '../message/stored-message.codec';
import { JavaKeyTypes, JavaMap } from '../json/java-collections';
import {
  decodeGetConsumerListByGroupResponseBody,
  encodeGetConsumerListByGroupResponseBody,
} from './client/consumer-list-by-group';
import { decodeHeartbeatData, encodeHeartbeatData } from './client/heartbeat-data';
import { decodeClusterInfo, encodeClusterInfo } from './namesrv/cluster-info';
import {
  decodeRegisterBrokerBody,
  decodeRegisterBrokerBodyCompressed,
  decodeRegisterBrokerRequestBody,
  encodeRegisterBrokerBody,
  encodeRegisterBrokerBodyCompressed,
} from './namesrv/register-broker-body';
import { decodeTopicRouteData, encodeTopicRouteData } from './route/topic-route-data';
import {
  decodeTopicConfigSerializeWrapper,
  encodeTopicConfigSerializeWrapper,
} from './topic/topic-config-serialize-wrapper';
import { decodeTopicList, encodeTopicList } from './topic/topic-list';

const frame = (file: string): RemotingCommand => decodeCommand(readFrameFixture(file).subarray(4));
const bodyOf = (file: string): Buffer => frame(file).body ?? Buffer.alloc(0);
const transcript = new Map(readFrameTranscript().map((e) => [e.file, e]));
const bodyTextOf = (file: string): unknown =>
  JSON.parse(
    String(transcript.get(file)?.bodyText)
      .replace(/\{(\d+):/g, '{"$1":')
      .replace(/,(\d+):/g, ',"$1":'),
  );
/** Maps become plain objects, so decoded values compare with the transcript's JSON. */
const plain = (value: unknown): unknown =>
  value instanceof Map
    ? Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)]))
    : Array.isArray(value)
      ? value.map(plain)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
        : value;
/** A reversed copy of a Map: what we insert in does not have to be wire order. */
const reversed = <K, V>(map: Map<K, V>): Map<K, V> => new Map([...map].reverse());

describe('REGISTER_BROKER bodies (frames 02, 03)', () => {
  it('decodes the plain body of 02 and re-encodes it byte for byte; its CRC matches the header', () => {
    const cmd = frame('02-ns-register-broker.request.bin');
    const header = RegisterBrokerRequestHeader.decode(cmd.extFields);
    const body = decodeRegisterBrokerBody(bodyOf('02-ns-register-broker.request.bin'));
    const topic = body.topicConfigSerializeWrapper.topicConfigTable.get('FixtureFakeBrokerTopic');
    expect(topic).toEqual({
      topicName: 'FixtureFakeBrokerTopic',
      readQueueNums: 4,
      writeQueueNums: 4,
      perm: 6,
      topicFilterType: 'SINGLE_TAG',
      topicSysFlag: 0,
      order: false,
    });
    expect(body.topicConfigSerializeWrapper.dataVersion).toEqual({ counter: 1, timestamp: 1700000000000 });
    expect(body.filterServerList).toEqual([]);
    expect(encodeRegisterBrokerBody(body).equals(cmd.body!)).toBe(true);
    expect(rocketmqCrc32(cmd.body!)).toBe(header.bodyCrc32);
  });

  it('decodes the compressed body of 03 (CRC over the compressed bytes) and round-trips its plaintext', () => {
    const cmd = frame('03-ns-register-broker-compressed.request.bin');
    const header = RegisterBrokerRequestHeader.decode(cmd.extFields);
    expect(header.compressed).toBe(true);
    expect(rocketmqCrc32(cmd.body!)).toBe(header.bodyCrc32);
    const body = decodeRegisterBrokerRequestBody(cmd.body!, header.compressed);
    expect(body.topicConfigSerializeWrapper.dataVersion).toEqual({ counter: 2, timestamp: 1700000001000 });
    expect([...body.topicConfigSerializeWrapper.topicConfigTable.values()]).toEqual([
      expect.objectContaining({
        topicName: 'FixtureFakeBrokerTopic',
        readQueueNums: 4,
        writeQueueNums: 4,
        perm: 6,
      }),
    ]);
    const ours = encodeRegisterBrokerBodyCompressed(body);
    expect(inflateSync(ours).equals(inflateSync(cmd.body!))).toBe(true);
    expect(decodeRegisterBrokerBodyCompressed(ours)).toEqual(body);
  });
});

describe('TopicRouteData bodies (frames 04, 05, 08, 11)', () => {
  it.each([
    ['04-ns-get-routeinfo-existing-v317', false],
    ['05-ns-get-routeinfo-existing-v401', true],
    ['08-ns-get-routeinfo-fake-broker-topic-v317', false],
    ['11-ns-get-routeinfo-existing-v317-rocketmq-binary', false],
  ])('%s: decodes, then re-encodes in the form the request asked for', (name, standard) => {
    const request = frame(`${name}.request.bin`);
    const response = bodyOf(`${name}.response.bin`);
    const route = decodeTopicRouteData(response);
    expect(plain(route)).toEqual(bodyTextOf(`${name}.response.bin`));
    const standardJson = wantsStandardRouteJson(
      request.version,
      GetRouteInfoRequestHeader.decode(request.extFields),
    );
    expect(standardJson).toBe(standard);
    const addrs = route.brokerDatas[0]!.brokerAddrs;
    const routeBuiltBackwards = {
      ...route,
      brokerDatas: [{ ...route.brokerDatas[0]!, brokerAddrs: reversed(addrs) }],
    };
    expect(encodeTopicRouteData(routeBuiltBackwards, { standardJson }).toString()).toBe(response.toString());
  });

  it('reads the broker addresses of frame 04 by broker id', () => {
    const route = decodeTopicRouteData(bodyOf('04-ns-get-routeinfo-existing-v317.response.bin'));
    expect([...route.brokerDatas[0]!.brokerAddrs]).toEqual([
      [0, '127.0.0.1:20911'],
      [1, '127.0.0.1:21911'],
    ]);
    expect(route.queueDatas).toEqual([
      { brokerName: 'broker-a', perm: 6, readQueueNums: 4, writeQueueNums: 4, topicSysFlag: 0 },
    ]);
  });
});

describe('namesrv list bodies (frames 09, 10)', () => {
  it('09: ClusterInfo re-encodes byte for byte (maps in the namesrv tables’ hash order)', () => {
    const body = bodyOf('09-ns-get-broker-cluster-info.response.bin');
    const info = decodeClusterInfo(body);
    expect([...info.clusterAddrTable]).toEqual([
      ['FakeCluster', ['broker-fake']],
      ['DefaultCluster', ['broker-a']],
    ]);
    expect(info.brokerAddrTable.get('broker-fake')?.brokerAddrs.get(0)).toBe('127.0.0.1:30911');
    // broker-a registered first; it shares a bucket with broker-fake, so insertion order matters there.
    const rebuilt = {
      brokerAddrTable: info.brokerAddrTable,
      clusterAddrTable: reversed(info.clusterAddrTable),
    };
    expect(encodeClusterInfo(rebuilt).toString()).toBe(body.toString());
  });

  it('10: TopicList re-encodes byte for byte from the namesrv topic table’s iteration order', () => {
    const body = bodyOf('10-ns-get-all-topic-list.response.bin');
    const { topicList } = decodeTopicList(body);
    expect([...topicList].sort()).toEqual(
      [
        'BenchmarkTest',
        'DefaultCluster',
        'DefaultCluster_REPLY_TOPIC',
        'FixtureFakeBrokerTopic',
        'FixtureTopic',
        'OFFSET_MOVED_EVENT',
        'RMQ_SYS_TRANS_HALF_TOPIC',
        'SCHEDULE_TOPIC_XXXX',
        'SELF_TEST_TOPIC',
        'TBW102',
        'broker-a',
      ].sort(),
    );
    // topicQueueTable is a HashMap(1024); the HashSet is filled from its key set.
    const topicQueueTable = new JavaMap(
      JavaKeyTypes.STRING,
      [...topicList].sort().map((t) => [t, null] as const),
      { kind: 'hashMap', initialCapacity: 1024 },
    );
    const fromTable = topicQueueTable.javaOrder().map(([topic]) => topic);
    expect(encodeTopicList({ topicList: fromTable }).toString()).toBe(body.toString());
    expect(encodeTopicList({ topicList: [...topicList].sort() }).toString()).not.toBe(body.toString());
  });
});

describe('message bodies of sends (frames 13, 14)', () => {
  it.each([
    ['13-broker-send-message-v2.request.bin', 'fixture-body-0001', 0],
    ['14-broker-send-message-v1.request.bin', 'fixture-body-0002', 247],
  ])('%s carries the raw body the broker stored', (file, text, commitLogOffset) => {
    const body = bodyOf(file);
    expect(body.toString()).toBe(text);
    const stored = decodeStoredMessage(
      readStoreFixture('commitlog', '00000000000000000000'),
      commitLogOffset,
    );
    expect([stored.body.equals(body), stored.bodyCrc]).toEqual([true, rocketmqCrc32(body)]);
  });
});

describe('broker bodies (frames 12, 32, 33)', () => {
  it('12: HeartbeatData decodes and re-encodes byte for byte', () => {
    const body = bodyOf('12-broker-heart-beat.request.bin');
    const heartbeat = decodeHeartbeatData(body);
    expect(heartbeat.clientID).toBe('127.0.0.1@fixture-client');
    expect(heartbeat.producerDataSet.map((p) => p.groupName)).toEqual(['FixturePG', 'CLIENT_INNER_PRODUCER']);
    const consumer = heartbeat.consumerDataSet[0]!;
    expect(consumer).toMatchObject({
      groupName: 'FixtureCG',
      consumeType: 'CONSUME_PASSIVELY',
      messageModel: 'CLUSTERING',
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      unitMode: false,
    });
    expect(consumer.subscriptionDataSet.map((s) => [s.topic, s.subString, s.expressionType])).toEqual([
      ['FixtureTopic', '*', 'TAG'],
      ['%RETRY%FixtureCG', '*', 'TAG'],
    ]);
    expect(encodeHeartbeatData(heartbeat).toString()).toBe(body.toString());
  });

  it('32: GetConsumerListByGroupResponseBody', () => {
    const body = bodyOf('32-broker-get-consumer-list-by-group.response.bin');
    const decoded = decodeGetConsumerListByGroupResponseBody(body);
    expect(decoded.consumerIdList).toEqual(['127.0.0.1@fixture-client']);
    expect(encodeGetConsumerListByGroupResponseBody(decoded).equals(body)).toBe(true);
  });

  it('33: TopicConfigSerializeWrapper re-encodes byte for byte in ConcurrentHashMap(1024) order', () => {
    const body = bodyOf('33-broker-get-all-topic-config.response.bin');
    const wrapper = decodeTopicConfigSerializeWrapper(body);
    expect(wrapper.dataVersion.counter).toBe(3);
    expect(wrapper.topicConfigTable.size).toBe(11);
    expect(wrapper.topicConfigTable.get('%RETRY%FixtureCG')).toMatchObject({ readQueueNums: 1, perm: 6 });
    expect(wrapper.topicConfigTable.get('TBW102')).toMatchObject({ readQueueNums: 8, perm: 7 });
    const alphabetical = new Map([...wrapper.topicConfigTable].sort(([a], [b]) => (a < b ? -1 : 1)));
    expect(encodeTopicConfigSerializeWrapper({ ...wrapper, topicConfigTable: alphabetical }).toString()).toBe(
      body.toString(),
    );
  });
});
