/**
 * ConsumerOffsetHandlers over a real BrokerController: commits and queries, and a typed refusal
 * (not an internal error) for offsets the table cannot hold.
 */
import type { RemotingContext } from '@rmq/nest-kit';
import {
  createRequest,
  QueryConsumerOffsetRequestHeader,
  RequestCode,
  ResponseCode,
  UpdateConsumerOffsetRequestHeader,
} from '@rmq/protocol';
import { BrokerUnderTest, startBrokerUnderTest } from '../../test/support/broker-under-test';
import { ConsumerOffsetHandlers } from './consumer-offset.handlers';

const ctx = { channel: { remoteAddr: '127.0.0.1:50001' } } as unknown as RemotingContext;

describe('ConsumerOffsetHandlers', () => {
  let t: BrokerUnderTest;
  let handlers: ConsumerOffsetHandlers;
  beforeEach(async () => {
    t = await startBrokerUnderTest();
    handlers = new ConsumerOffsetHandlers(t.broker);
  });
  afterEach(() => t.stop());

  const update = (queueId: number, commitOffset: number) =>
    handlers.updateConsumerOffset(
      createRequest(
        RequestCode.UPDATE_CONSUMER_OFFSET,
        UpdateConsumerOffsetRequestHeader.encode({ consumerGroup: 'CG', topic: 'T', queueId, commitOffset }),
      ),
      ctx,
    );

  it('commits an offset that QUERY_CONSUMER_OFFSET then answers', () => {
    expect(update(1, 42).code).toBe(ResponseCode.SUCCESS);
    const query = createRequest(
      RequestCode.QUERY_CONSUMER_OFFSET,
      QueryConsumerOffsetRequestHeader.encode({ consumerGroup: 'CG', topic: 'T', queueId: 1 }),
    );
    expect(handlers.queryConsumerOffset(query).extFields).toEqual({ offset: '42' });
  });

  it('refuses a negative offset or queueId with a typed SYSTEM_ERROR and commits nothing', () => {
    expect(() => update(0, -9)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', responseCode: 1 }));
    expect(() => update(-1, 5)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', responseCode: 1 }));
    expect(t.broker.offsets.queryOffset('CG', 'T', 0)).toBe(-1);
  });
});
