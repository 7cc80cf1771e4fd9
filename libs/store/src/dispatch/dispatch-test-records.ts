/**
 * Test helper (specs only): stored records built with the protocol encoder, and a ReputSource over
 * a buffer of back-to-back records, the way the commit log hands them to dispatch.
 */
import { encodeMessageProperties, encodeStoredMessage, StoredMessage } from '@rmq/protocol';
import { CommitLogRecordView, ReputSource } from './reput-service';

export function storedRecord(
  physicalOffset: number,
  properties: Record<string, string>,
  overrides: Partial<StoredMessage> = {},
): Buffer {
  return encodeStoredMessage({
    queueId: 0,
    flag: 0,
    queueOffset: 0,
    physicalOffset,
    sysFlag: 0,
    bornTimestamp: 1_700_000_000_000,
    bornHost: { host: '127.0.0.1', port: 40000 },
    storeTimestamp: 1_700_000_000_100,
    storeHost: { host: '127.0.0.1', port: 10911 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
    body: Buffer.from('body'),
    topic: 'T',
    propertiesString: encodeMessageProperties(new Map(Object.entries(properties))),
    ...overrides,
  });
}

/** Records laid out back to back from offset 0, each rewritten with its own PHYSICALOFFSET. */
export function commitLogOf(records: ((physicalOffset: number) => Buffer)[]): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (const make of records) {
    const record = make(offset);
    parts.push(record);
    offset += record.length;
  }
  return Buffer.concat(parts);
}

/** Walks TOTALSIZE fields until a zero (end of data) and records every maxBytes requested. */
export function bufferReputSource(log: Buffer, end = log.length): ReputSource & { requests: number[] } {
  const requests: number[] = [];
  return {
    requests,
    maxOffset: () => end,
    *readRecordsFrom(fromOffset: number, maxBytes: number): Iterable<CommitLogRecordView> {
      requests.push(maxBytes);
      let read = 0;
      for (let offset = fromOffset; offset + 8 <= end && read < maxBytes; ) {
        const size = log.readInt32BE(offset);
        if (size <= 0) return;
        yield { offset, size, record: log.subarray(offset, offset + size) };
        offset += size;
        read += size;
      }
    },
  };
}
