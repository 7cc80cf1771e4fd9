import { readFrameFixture, readStoreFixture } from '@rmq/testing';
import { decodeCommand } from '../remoting/frame-codec';
import { decodeMessageProperties, encodeMessageProperties } from './message-properties.codec';
import { decodeStoredMessage } from './stored-message.codec';
import { tagsCodeOf } from './tags-code';

describe('message property string', () => {
  it('decodes the Java form with a trailing separator (frame 13, header i)', () => {
    const ext = decodeCommand(
      readFrameFixture('13-broker-send-message-v2.request.bin').subarray(4),
    ).extFields!;
    expect(Object.fromEntries(decodeMessageProperties(ext['i']!))).toEqual({
      KEYS: 'fixture-key-0001',
      TAGS: 'TagA',
      UNIQ_KEY: '7F000001053900000000000000000001',
      WAIT: 'true',
      fixtureProp: 'fixture-value-0001',
    });
  });

  it('decodes the 4.9.1+ form without a trailing separator', () => {
    expect([...decodeMessageProperties('A\u0001a\u0002B\u0001b')]).toEqual([
      ['A', 'a'],
      ['B', 'b'],
    ]);
  });

  it('skips empty segments, segments without a name/value separator and empty names or values', () => {
    const text =
      '\u0002A\u0001a\u0002\u0002junk\u0002\u0001nameless\u0002empty\u0001\u0002B\u0001b=\u0001c\u0002';
    expect([...decodeMessageProperties(text)]).toEqual([
      ['A', 'a'],
      ['B', 'b=\u0001c'],
    ]);
  });

  it('keeps the first position and the last value of a repeated name', () => {
    expect([...decodeMessageProperties('WAIT\u0001true\u0002X\u0001x\u0002WAIT\u0001false')]).toEqual([
      ['WAIT', 'false'],
      ['X', 'x'],
    ]);
  });

  it('encodes without a trailing separator and skips absent values', () => {
    expect(
      encodeMessageProperties([
        ['A', 'a'],
        ['N', undefined],
        ['B', ''],
      ]),
    ).toBe('A\u0001a\u0002B\u0001');
    expect(encodeMessageProperties(new Map())).toBe('');
  });

  it('reproduces a stored record’s HashMap order (commitlog record 0)', () => {
    const stored = decodeStoredMessage(
      readStoreFixture('commitlog', '00000000000000000000'),
      0,
    ).propertiesString;
    const inBrokerOrder = [
      ['KEYS', 'fixture-key-0001'],
      ['TAGS', 'TagA'],
      ['UNIQ_KEY', '7F000001053900000000000000000001'],
      ['fixtureProp', 'fixture-value-0001'],
      ['CLUSTER', 'DefaultCluster'],
    ] as const;
    expect(encodeMessageProperties(inBrokerOrder, { order: 'java-hash-map' })).toBe(stored);
    expect(encodeMessageProperties(inBrokerOrder)).not.toBe(stored);
  });

  it('tagsCode is String.hashCode of the tag, 0 without one', () => {
    expect([tagsCodeOf('TagC'), tagsCodeOf(undefined), tagsCodeOf('')]).toEqual([2598921, 0, 0]);
  });
});
