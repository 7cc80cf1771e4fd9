import { InvalidHeaderFieldError } from '../errors/invalid-header-field.error';
import { MissingHeaderFieldError } from '../errors/missing-header-field.error';
import { defineHeader, HeaderField } from './header-codec';
import { EndTransactionRequestHeader } from './transaction/end-transaction.header';
import { CreateTopicRequestHeader } from './admin/update-and-create-topic.header';
import { PullMessageRequestHeader } from './pull/pull-message.header';

const Sample = defineHeader('SampleRequestHeader', {
  topic: HeaderField.required('string'),
  queueId: HeaderField.required('int'),
  offset: HeaderField.optional('long'),
  ratio: HeaderField.optional('double'),
  flagged: HeaderField.withDefault('boolean', false),
  note: HeaderField.optional('string'),
});

describe('header codec', () => {
  it('decodes typed values and fills defaults', () => {
    const h = Sample.decode({
      topic: 'T',
      queueId: '-3',
      offset: '1795622117570',
      ratio: '0.5',
      extra: 'ignored',
    });
    expect(h).toEqual({ topic: 'T', queueId: -3, offset: 1795622117570, ratio: 0.5, flagged: false });
  });

  it('encodes every value as a string in declaration order, leaving absent optionals out', () => {
    const encoded = Sample.encode({ queueId: 2, topic: 'T', flagged: true, offset: 0 });
    expect(Object.entries(encoded)).toEqual([
      ['topic', 'T'],
      ['queueId', '2'],
      ['offset', '0'],
      ['flagged', 'true'],
    ]);
  });

  it('always writes defaulted fields, like Java primitives', () => {
    expect(Sample.encode({ topic: 'T', queueId: 0 } as never)).toEqual({
      topic: 'T',
      queueId: '0',
      flagged: 'false',
    });
  });

  it('parses booleans as Java Boolean.parseBoolean does', () => {
    expect(Sample.decode({ topic: 'T', queueId: '0', flagged: 'TRUE' }).flagged).toBe(true);
    expect(Sample.decode({ topic: 'T', queueId: '0', flagged: 'yes' }).flagged).toBe(false);
  });

  it('names a missing required field', () => {
    const attempt = () => Sample.decode({ topic: 'T' });
    expect(attempt).toThrow(MissingHeaderFieldError);
    expect(attempt).toThrow(/<queueId>/);
    try {
      attempt();
    } catch (err) {
      expect(err).toMatchObject({
        responseCode: 1,
        code: 'MISSING_HEADER_FIELD',
        context: { field: 'queueId' },
      });
    }
  });

  it('treats absent extFields as every field missing', () => {
    expect(() => Sample.decode(undefined)).toThrow(MissingHeaderFieldError);
  });

  it.each([
    ['queueId', 'abc'],
    ['queueId', ''],
    ['queueId', '1.5'],
    ['queueId', '2147483648'],
    ['offset', '9007199254740993'],
    ['offset', ' 1'],
    ['ratio', 'half'],
  ])('rejects %s = %j with InvalidHeaderFieldError (SYSTEM_ERROR)', (field, value) => {
    const ext: Record<string, string> = { topic: 'T', queueId: '0', [field]: value };
    expect(() => Sample.decode(ext)).toThrow(InvalidHeaderFieldError);
    expect(() => Sample.decode(ext)).toThrow(expect.objectContaining({ responseCode: 1, fieldName: field }));
  });

  it('refuses to encode a header without a required field', () => {
    expect(() => Sample.encode({ topic: 'T' } as never)).toThrow(MissingHeaderFieldError);
  });

  it('runs the header check (EndTransaction commitOrRollback, CreateTopic topicFilterType)', () => {
    const end = { producerGroup: 'PG', tranStateTableOffset: '1', commitLogOffset: '2', msgId: 'X' };
    expect(EndTransactionRequestHeader.decode({ ...end, commitOrRollback: '8' }).commitOrRollback).toBe(8);
    expect(() => EndTransactionRequestHeader.decode({ ...end, commitOrRollback: '3' })).toThrow(
      InvalidHeaderFieldError,
    );
    const topic = { topic: 'T', defaultTopic: 'D', readQueueNums: '1', writeQueueNums: '1', perm: '6' };
    expect(() => CreateTopicRequestHeader.decode({ ...topic, topicFilterType: 'ANY_TAG' })).toThrow(
      /topicFilterType/,
    );
  });

  it('decodes what ali-ons sends: numbers and booleans the frame codec already stringified', () => {
    const h = PullMessageRequestHeader.decode({
      consumerGroup: 'G',
      topic: 'T',
      queueId: '0',
      queueOffset: '12',
      maxMsgNums: '32',
      sysFlag: '6',
      commitOffset: '0',
      suspendTimeoutMillis: '15000',
      subVersion: '1700000000000',
    });
    expect(h.subscription).toBeUndefined();
    expect(h.queueOffset).toBe(12);
  });
});
