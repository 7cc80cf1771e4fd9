import { readFrameFixture, readStoreFixture } from '@rmq/testing';
import { MalformedMessageError } from '../errors/malformed-message.error';
import { decodeCommand } from '../remoting/frame-codec';
import { SendMessageRequestHeaderV2 } from '../header/send/send-message-v2.header';
import { decodeBatchMessages, encodeBatchMessages, mergeBatchProperties } from './batch-message.codec';
import { decodeMessageProperties, encodeMessageProperties } from './message-properties.codec';
import { decodeStoredMessage } from './stored-message.codec';

const batchFrame = decodeCommand(readFrameFixture('15-broker-send-batch-message.request.bin').subarray(4));

describe('batch body (frame 15)', () => {
  const entries = decodeBatchMessages(batchFrame.body!);

  it('holds the three MANIFEST messages', () => {
    expect(entries.map((e) => e.body.toString())).toEqual([
      'fixture-body-0003',
      'fixture-body-0004',
      'fixture-body-0005',
    ]);
    expect(entries.map((e) => decodeMessageProperties(e.propertiesString).get('UNIQ_KEY'))).toEqual([
      '7F000001053900000000000000000003',
      '7F000001053900000000000000000004',
      '7F000001053900000000000000000005',
    ]);
    expect(
      entries.every(
        (e) => e.flag === 0 && decodeMessageProperties(e.propertiesString).get('TAGS') === 'TagC',
      ),
    ).toBe(true);
  });

  it('re-encodes byte for byte', () => {
    expect(encodeBatchMessages(entries).equals(batchFrame.body!)).toBe(true);
  });

  it('merges properties as the broker stored them (commitlog record at 463)', () => {
    const header = SendMessageRequestHeaderV2.decode(batchFrame.extFields);
    // The broker adds CLUSTER to the header properties and re-encodes them in HashMap order.
    const batchLevel = encodeMessageProperties(
      [...decodeMessageProperties(header.i ?? ''), ['CLUSTER', 'DefaultCluster']],
      {
        order: 'java-hash-map',
      },
    );
    const stored = decodeStoredMessage(readStoreFixture('commitlog', '00000000000000000000'), 463);
    expect(mergeBatchProperties(entries[0]!.propertiesString, batchLevel)).toBe(stored.propertiesString);
    expect(mergeBatchProperties('A\u0001a', 'B\u0001b')).toBe('A\u0001a\u0002B\u0001b');
    expect(mergeBatchProperties('A\u0001a', '')).toBe('A\u0001a');
  });

  it.each([
    ['a cut entry', () => batchFrame.body!.subarray(0, 50)],
    ['a TOTALSIZE below the fixed part', () => Buffer.alloc(22)],
    [
      'sizes that do not add up',
      () => {
        const copy = Buffer.from(batchFrame.body!);
        copy.writeInt32BE(16, 16); // BODYLENGTH one short
        return copy;
      },
    ],
  ])('rejects %s', (_name, body) => {
    expect(() => decodeBatchMessages(body())).toThrow(MalformedMessageError);
  });
});
