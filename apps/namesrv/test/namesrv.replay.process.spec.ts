/**
 * Replay test: the request frames captured from a real RocketMQ 4.9.8 client session (frames 02-11)
 * are sent, byte for byte, to our NameServer, and its answers are compared with the answers the
 * real 4.9.8 NameServer gave. Before the replay, broker-a (master 127.0.0.1:20911 + slave :21911)
 * registers the topic table it had at capture time (frame 33's, before the heartbeat of frame 12
 * created %RETRY%FixtureCG), as the real brokers did.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  createRequest,
  decodeCommand,
  decodeTopicConfigSerializeWrapper,
  encodeRegisterBrokerBody,
  RegisterBrokerRequestHeader,
  RequestCode,
  ResponseCode,
} from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import {
  connectRawTcp,
  exchangeFrame,
  freePort,
  makeTempDir,
  ManagedProcess,
  RawTcpPeer,
  readFrameFixture,
  WORKSPACE_ROOT,
} from '@rmq/testing';

const TIMEOUT_MS = 5_000;

function capturedBrokerATopics() {
  const response = decodeCommand(readFrameFixture('33-broker-get-all-topic-config.response.bin').subarray(4));
  const wrapper = decodeTopicConfigSerializeWrapper(response.body ?? Buffer.alloc(0));
  wrapper.topicConfigTable.delete('%RETRY%FixtureCG');
  return wrapper;
}

function bodyAndHeaderOf(frame: Buffer): { header: string; body: Buffer } {
  const headerLength = frame.readUInt32BE(4) & 0xffffff;
  return {
    header: frame.subarray(8, 8 + headerLength).toString('utf8'),
    body: frame.subarray(8 + headerLength),
  };
}

describe('namesrv answers captured RocketMQ 4.9.8 requests as the real NameServer did', () => {
  const tmp = makeTempDir('namesrv-replay');
  let namesrv: ManagedProcess;
  let port: number;
  const brokers = [new RemotingClient(), new RemotingClient()];
  let raw: RawTcpPeer;

  beforeAll(async () => {
    port = await freePort();
    const conf = path.join(tmp.dir, 'namesrv.properties');
    writeFileSync(conf, `listenPort=${port}\nhttpListenPort=${await freePort()}\nbindAddress=127.0.0.1\n`);
    namesrv = ManagedProcess.start(path.join(WORKSPACE_ROOT, 'bin', 'mqnamesrv'), ['-c', conf], {
      env: { HOME: tmp.dir },
    });
    await namesrv.waitForOutput(/Name Server boot success/);
    const wrapper = capturedBrokerATopics();
    const registrations = [
      { brokerId: 0, brokerAddr: '127.0.0.1:20911', haServerAddr: '127.0.0.1:20912' },
      { brokerId: 1, brokerAddr: '127.0.0.1:21911', haServerAddr: '127.0.0.1:21912' },
    ];
    for (const [i, r] of registrations.entries()) {
      const header = RegisterBrokerRequestHeader.encode({
        ...r,
        brokerName: 'broker-a',
        clusterName: 'DefaultCluster',
        compressed: false,
        bodyCrc32: 0,
      });
      const body = encodeRegisterBrokerBody({ topicConfigSerializeWrapper: wrapper, filterServerList: [] });
      const response = await brokers[i]!.invoke(
        `127.0.0.1:${port}`,
        createRequest(RequestCode.REGISTER_BROKER, header, body),
        TIMEOUT_MS,
      );
      expect(response.code).toBe(ResponseCode.SUCCESS);
    }
    raw = await connectRawTcp(port);
  });

  afterAll(async () => {
    raw?.destroy();
    await Promise.all(brokers.map((b) => b.close()));
    await namesrv.stop('SIGKILL');
    tmp.remove();
  });

  const sameBytes = [
    '02-ns-register-broker',
    '03-ns-register-broker-compressed',
    '04-ns-get-routeinfo-existing-v317',
    '05-ns-get-routeinfo-existing-v401',
    '08-ns-get-routeinfo-fake-broker-topic-v317',
    '09-ns-get-broker-cluster-info',
    '10-ns-get-all-topic-list',
    '11-ns-get-routeinfo-existing-v317-rocketmq-binary',
  ];

  it.each(sameBytes)('%s: same response bytes as RocketMQ 4.9.8', async (name) => {
    const expected = readFrameFixture(`${name}.response.bin`);
    const actual = await exchangeFrame(raw, readFrameFixture(`${name}.request.bin`), TIMEOUT_MS);
    expect(bodyAndHeaderOf(actual)).toEqual(bodyAndHeaderOf(expected));
    expect(actual.equals(expected)).toBe(true);
  });

  it.each(['06-ns-get-routeinfo-unknown-v317', '07-ns-get-routeinfo-unknown-v401'])(
    '%s: the same answer as RocketMQ 4.9.8 but for the remark text',
    async (name) => {
      const expected = decodeCommand(readFrameFixture(`${name}.response.bin`).subarray(4));
      const actual = decodeCommand(
        (await exchangeFrame(raw, readFrameFixture(`${name}.request.bin`), TIMEOUT_MS)).subarray(4),
      );
      expect({ ...actual, remark: undefined }).toEqual({ ...expected, remark: undefined });
      expect(actual.remark).toContain('FixtureNoSuchTopic');
    },
  );
});
