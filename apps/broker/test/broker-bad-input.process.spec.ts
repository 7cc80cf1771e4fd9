/**
 * Process test: a broker meets bad input. Broken frames close only their own connection while a
 * well-behaved client keeps being served on another; wrong requests get RocketMQ's refusal codes
 * (1 for bad or missing header fields and values out of range, 13 for an oversize body, 17 for a
 * missing topic, 14 on a slave, 3 for an unknown code, 16 for a reserved topic) and leave their
 * connection open.
 */
import {
  createRequest,
  decodeCommand,
  encodeCommand,
  RemotingCommand,
  RequestCode,
  ResponseCode,
  UpdateConsumerOffsetRequestHeader,
} from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { connectRawTcp, exchangeFrame, RawTcpPeer } from '@rmq/testing';
import { createTopic, pullMessage, sendMessageV2, sendMessageV2Request } from './support/broker-requests';
import { BrokerProcess, TestCluster } from './support/cluster';

const TOPIC = 'BadInputTopic';
const MAX_MESSAGE_BYTES = 1024;

/** A frame: length prefix, header word (serialize type, header length), header, body. */
function rawFrame(serializeType: number, header: Buffer, body = Buffer.alloc(0)): Buffer {
  const prefix = Buffer.alloc(8);
  prefix.writeInt32BE(4 + header.length + body.length, 0);
  prefix.writeUInt32BE(((serializeType & 0xff) << 24) | header.length, 4);
  return Buffer.concat([prefix, header, body]);
}

function lengthPrefix(value: number, tail: Buffer): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(value, 0);
  return Buffer.concat([prefix, tail]);
}

const BROKEN_INPUTS: Array<[string, Buffer]> = [
  ['plain-text garbage (an HTTP request)', Buffer.from('GET / HTTP/1.1\r\nHost: broker\r\n\r\n')],
  ['a frame with a huge length prefix', lengthPrefix(0x7fff_fff0, Buffer.from('0123456789'))],
  ['a frame with a negative length prefix', lengthPrefix(-5, Buffer.from('0123456789'))],
  ['a frame whose JSON header is not JSON', rawFrame(0, Buffer.from('{"code": 310, this is not json'))],
  ['a frame with an unknown serialize type', rawFrame(0x7e, Buffer.from('{"code":310}'))],
  ['a frame whose header length exceeds the frame', lengthPrefix(8, Buffer.from([0, 0, 1, 0, 1, 2, 3, 4]))],
];

async function exchange(peer: RawTcpPeer, request: RemotingCommand): Promise<RemotingCommand> {
  return decodeCommand((await exchangeFrame(peer, encodeCommand(request))).subarray(4));
}

describe('a broker process meets bad input', () => {
  let cluster: TestCluster;
  let master: BrokerProcess;
  let slave: BrokerProcess;
  const client = new RemotingClient();

  beforeAll(async () => {
    cluster = await TestCluster.start('broker-bad-input');
    const properties = { maxMessageSize: MAX_MESSAGE_BYTES, autoCreateTopicEnable: false };
    [master, slave] = await Promise.all([
      cluster.startBroker({ brokerName: 'broker-a', properties }),
      cluster.startBroker({ brokerName: 'broker-a', brokerId: 1, properties: { brokerRole: 'SLAVE' } }),
    ]);
    await createTopic(client, master.addr, TOPIC, 4);
    await createTopic(client, slave.addr, TOPIC, 4);
  });

  afterAll(async () => {
    await client.close();
    await cluster?.close();
  });

  async function expectStillServing(): Promise<void> {
    const sent = await sendMessageV2(client, master.addr, {
      topic: TOPIC,
      queueId: 0,
      body: Buffer.from('still here'),
    });
    expect(sent.code).toBe(ResponseCode.SUCCESS);
    expect(master.process.exited).toBe(false);
  }

  it.each(BROKEN_INPUTS)('%s closes that connection only', async (_what, bytes) => {
    await expectStillServing(); // the well-behaved client's connection exists before the bad one
    const peer = await connectRawTcp(master.listenPort);
    try {
      peer.socket.write(bytes);
      await peer.whenClosed(5_000);
      expect(peer.received().length).toBe(0);
    } finally {
      peer.destroy();
    }
    expect(client.channelAddrs()).toContain(master.addr);
    await expectStillServing();
  });

  describe('wrong requests get refusal codes on a connection that stays open', () => {
    let peer: RawTcpPeer;
    beforeEach(async () => {
      peer = await connectRawTcp(master.listenPort);
    });
    afterEach(async () => {
      // After the refusal the same connection still answers a good request.
      const good = await exchange(
        peer,
        sendMessageV2Request({ topic: TOPIC, queueId: 1, body: Buffer.from('ok') }),
      );
      expect(good.code).toBe(ResponseCode.SUCCESS);
      expect(peer.isClosed()).toBe(false);
      peer.destroy();
    });

    it('a send without its topic field gets SYSTEM_ERROR', async () => {
      const request = sendMessageV2Request({ topic: TOPIC, queueId: 0, body: Buffer.from('x') });
      delete request.extFields?.['b'];
      const response = await exchange(peer, request);
      expect(response.code).toBe(ResponseCode.SYSTEM_ERROR);
      expect(response.remark).toContain('<b>');
    });

    it('a send whose queueId is not a number gets SYSTEM_ERROR', async () => {
      const request = sendMessageV2Request({ topic: TOPIC, queueId: 0, body: Buffer.from('x') });
      if (request.extFields) request.extFields['e'] = 'three';
      const response = await exchange(peer, request);
      expect(response.code).toBe(ResponseCode.SYSTEM_ERROR);
    });

    it('a send to a queue the topic does not have gets SYSTEM_ERROR', async () => {
      const response = await exchange(
        peer,
        sendMessageV2Request({ topic: TOPIC, queueId: 99, body: Buffer.from('x') }),
      );
      expect(response.code).toBe(ResponseCode.SYSTEM_ERROR);
    });

    it('a body larger than maxMessageSize gets MESSAGE_ILLEGAL', async () => {
      const body = Buffer.alloc(MAX_MESSAGE_BYTES + 1, 'x');
      const response = await exchange(peer, sendMessageV2Request({ topic: TOPIC, queueId: 0, body }));
      expect(response.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
    });

    it('a send to a missing topic with autoCreateTopicEnable=false gets TOPIC_NOT_EXIST', async () => {
      const response = await exchange(
        peer,
        sendMessageV2Request({ topic: 'NoSuchTopic', queueId: 0, body: Buffer.from('x') }),
      );
      expect(response.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    });

    it('an unknown request code gets REQUEST_CODE_NOT_SUPPORTED', async () => {
      const response = await exchange(peer, createRequest(9_999));
      expect(response.code).toBe(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    });

    it('a send to SCHEDULE_TOPIC_XXXX gets NO_PERMISSION', async () => {
      const response = await exchange(
        peer,
        sendMessageV2Request({ topic: 'SCHEDULE_TOPIC_XXXX', queueId: 0, body: Buffer.from('x') }),
      );
      expect(response.code).toBe(ResponseCode.NO_PERMISSION);
    });

    it('an offset commit with a negative offset gets SYSTEM_ERROR saying why', async () => {
      const header = UpdateConsumerOffsetRequestHeader.encode({
        consumerGroup: 'bad-input-group',
        topic: TOPIC,
        queueId: 0,
        commitOffset: -9,
      });
      const response = await exchange(peer, createRequest(RequestCode.UPDATE_CONSUMER_OFFSET, header));
      expect(response.code).toBe(ResponseCode.SYSTEM_ERROR);
      expect(response.remark).toContain('must not be negative');
    });

    it('a pull for a queueId out of range gets SYSTEM_ERROR', async () => {
      const pulled = await pullMessage(client, master.addr, {
        consumerGroup: 'bad-input-group',
        topic: TOPIC,
        queueId: 4,
        queueOffset: 0,
      });
      expect(pulled.code).toBe(ResponseCode.SYSTEM_ERROR);
      expect(pulled.remark).toContain('queueId[4]');
    });
  });

  it('a send to a slave gets SERVICE_NOT_AVAILABLE and stores nothing', async () => {
    const sent = await sendMessageV2(client, slave.addr, {
      topic: TOPIC,
      queueId: 0,
      body: Buffer.from('x'),
    });
    expect(sent.code).toBe(ResponseCode.SERVICE_NOT_AVAILABLE);
    const pulled = await pullMessage(client, slave.addr, {
      consumerGroup: 'bad-input-group',
      topic: TOPIC,
      queueId: 0,
      queueOffset: 0,
    });
    expect(pulled.messages).toEqual([]);
    expect(slave.process.exited).toBe(false);
  });
});
