/**
 * SEND_BATCH_MESSAGE request body (MessageDecoder.encodeMessages, protocol.md §3.5): entries back to
 * back, each big-endian:
 *
 *   TOTALSIZE int32 | MAGICCODE int32 (0) | BODYCRC int32 (0) | FLAG int32 |
 *   BODYLENGTH int32 | BODY | PROPERTIESLENGTH int16 | PROPERTIES
 *
 * TOTALSIZE = 22 + body + properties. The broker turns each entry into a stored record (topic and
 * queue from the header, CRC recomputed, header property string appended: see mergeBatchProperties).
 */
import { MalformedMessageError } from '../errors/malformed-message.error';
import { MessageIllegalError } from '../errors/message-illegal.error';
import { ByteReader } from '../util/byte-reader';
import { MessageConst } from './message-const';
import { PROPERTIES_BYTES_MAX } from './stored-message.codec';

export interface BatchMessageEntry {
  flag: number;
  body: Buffer;
  /** The entry's own property string, as sent. */
  propertiesString: string;
}

export const BATCH_ENTRY_FIXED_BYTES = 22;

export function encodeBatchMessages(entries: readonly BatchMessageEntry[]): Buffer {
  return Buffer.concat(entries.map(encodeBatchEntry));
}

function encodeBatchEntry(entry: BatchMessageEntry): Buffer {
  const properties = Buffer.from(entry.propertiesString, 'utf8');
  if (properties.length > PROPERTIES_BYTES_MAX) {
    throw new MessageIllegalError(`batch entry properties of ${properties.length} bytes exceed 32767`);
  }
  const totalSize = BATCH_ENTRY_FIXED_BYTES + entry.body.length + properties.length;
  const out = Buffer.alloc(totalSize);
  let pos = out.writeInt32BE(totalSize, 0);
  pos = out.writeInt32BE(0, pos); // MAGICCODE: unused in a batch
  pos = out.writeInt32BE(0, pos); // BODYCRC: the broker computes it
  pos = out.writeInt32BE(entry.flag, pos);
  pos = out.writeInt32BE(entry.body.length, pos);
  pos += entry.body.copy(out, pos);
  pos = out.writeInt16BE(properties.length, pos);
  properties.copy(out, pos);
  return out;
}

export function decodeBatchMessages(body: Buffer): BatchMessageEntry[] {
  const entries: BatchMessageEntry[] = [];
  for (let pos = 0; pos < body.length; ) {
    const r = new ByteReader(body, pos, body.length, (m) => new MalformedMessageError(`batch entry: ${m}`));
    const totalSize = r.int32('TOTALSIZE');
    if (totalSize < BATCH_ENTRY_FIXED_BYTES || pos + totalSize > body.length) {
      throw new MalformedMessageError(
        `batch entry at ${pos} claims ${totalSize} bytes; ${body.length - pos} left`,
      );
    }
    const entryReader = new ByteReader(
      body,
      pos + 12,
      pos + totalSize,
      (m) => new MalformedMessageError(`batch entry: ${m}`),
    );
    const flag = entryReader.int32('FLAG');
    const entryBody = Buffer.from(entryReader.bytes(entryReader.int32('BODYLENGTH'), 'BODY'));
    const propertiesString = entryReader
      .bytes(entryReader.int16('PROPERTIESLENGTH'), 'PROPERTIES')
      .toString('utf8');
    if (entryReader.remaining !== 0) {
      throw new MalformedMessageError(`batch entry at ${pos}: sizes do not add up to TOTALSIZE ${totalSize}`);
    }
    entries.push({ flag, body: entryBody, propertiesString });
    pos += totalSize;
  }
  return entries;
}

/**
 * The stored property string of a batch member, as a 4.9.x broker builds it: the entry's own string,
 * then (after a separator when the entry's string does not already end in one) the batch-level
 * string — header `i` after the broker's own additions (CLUSTER), re-encoded in HashMap order.
 */
export function mergeBatchProperties(entryProperties: string, batchProperties: string | undefined): string {
  if (batchProperties === undefined || batchProperties === '') return entryProperties;
  if (entryProperties === '' || entryProperties.endsWith(MessageConst.PROPERTY_SEPARATOR)) {
    return entryProperties + batchProperties;
  }
  return entryProperties + MessageConst.PROPERTY_SEPARATOR + batchProperties;
}
