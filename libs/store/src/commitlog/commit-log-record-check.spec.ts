/**
 * checkRecord reads only routing fields; this pins it to the full codec: for whole records and for
 * the damage a crash or a stray write leaves (torn tails, wrong sizes and lengths, flipped body
 * bytes, a stale PHYSICALOFFSET), it accepts exactly what decodeStoredMessage decodes with a
 * matching PHYSICALOFFSET and no zero tail, and reports the same fields.
 */
import { decodeStoredMessage, encodeStoredMessage, StoredMessage } from '@rmq/protocol';
import { SeededRandom, seededRandom } from '@rmq/testing';
import { checkRecord } from './commit-log-record-check';

const PHYSICAL_OFFSET_AT = 28;
const BORN_TIMESTAMP_AT = 40;
const CASES = 2000;

function randomText(random: SeededRandom, min: number, max: number): string {
  const alphabet = ['a', 'Z', '0', '_', '%', 'é', '話'];
  let text = '';
  for (let n = random.int(min, max); n > 0; n -= 1) text += alphabet[random.int(0, alphabet.length - 1)];
  return text;
}

function randomRecord(random: SeededRandom, physicalOffset: number): StoredMessage {
  const host = (): { host: string; port: number } =>
    random.int(0, 3) === 0
      ? { host: '2001:db8::1', port: random.int(1, 65535) }
      : { host: '10.0.0.7', port: random.int(1, 65535) };
  return {
    queueId: random.int(0, 15),
    flag: random.int(0, 3),
    queueOffset: random.int(0, 1_000_000),
    physicalOffset,
    sysFlag: 0,
    bornTimestamp: 1_700_000_000_000 + random.int(0, 1_000_000),
    bornHost: host(),
    storeTimestamp: 1_700_000_000_000 + random.int(0, 1_000_000),
    storeHost: host(),
    reconsumeTimes: random.int(0, 3),
    preparedTransactionOffset: 0,
    body: random.bytes(random.int(0, 300)),
    topic: randomText(random, random.int(0, 5) === 0 ? 0 : 1, 20),
    propertiesString: random.int(0, 3) === 0 ? '' : `KEYS\u0001${randomText(random, 1, 30)}`,
  };
}

/** Damage of the kinds recovery meets; returns the buffer to check and a label. */
function damage(random: SeededRandom, record: Buffer): { bytes: Buffer; label: string } {
  const bytes = Buffer.from(record);
  const size = bytes.length;
  switch (random.int(0, 7)) {
    case 0:
      return { bytes, label: 'whole' };
    case 1: {
      const keep = random.int(0, size - 1);
      bytes.fill(0, keep);
      return { bytes, label: `torn after ${keep} bytes` };
    }
    case 2:
      bytes.writeInt32BE(random.int(-5, size + 50), 0);
      return { bytes, label: 'TOTALSIZE changed' };
    case 3: {
      // Anywhere but BORNTIMESTAMP, which checkRecord does not read (the codec refuses one past 2^53).
      let at = random.int(8, random.int(0, 1) === 0 ? Math.min(size - 1, 120) : size - 1);
      if (at >= BORN_TIMESTAMP_AT && at < BORN_TIMESTAMP_AT + 8) at = BORN_TIMESTAMP_AT - 1;
      bytes[at] = (bytes[at] as number) ^ (1 << random.int(0, 7));
      return { bytes, label: `bit flipped at ${at}` };
    }
    case 4:
      bytes.writeInt32BE(random.int(0, 1 << 20), PHYSICAL_OFFSET_AT + 4);
      return { bytes, label: 'stale PHYSICALOFFSET' };
    case 5:
      return { bytes: bytes.subarray(0, random.int(8, size - 1)), label: 'buffer ends early' };
    case 6: {
      const at = size - random.int(1, 3);
      bytes.writeInt16BE(random.int(-3, 200), Math.max(at - 1, 0));
      return { bytes, label: 'a length near the end changed' };
    }
    default:
      bytes.writeInt32BE(0x12345678, 4);
      return { bytes, label: 'bad magic' };
  }
}

/** What the full codec says recovery should accept. */
function expectedByCodec(bytes: Buffer, expectedOffset: number): StoredMessage | undefined {
  try {
    const msg = decodeStoredMessage(bytes, 0, { verifyBodyCrc: true, copyBody: false });
    if (msg.physicalOffset !== expectedOffset) return undefined;
    const end = msg.totalSize;
    if (msg.propertiesString.length > 0 && bytes[end - 1] === 0) return undefined;
    if (msg.propertiesString.length === 0 && msg.topic.length > 0 && bytes[end - 3] === 0) return undefined;
    return msg;
  } catch {
    return undefined;
  }
}

describe('checkRecord against decodeStoredMessage', () => {
  const seed = 20261125;
  it(`agrees on ${CASES} whole and damaged records (seed ${seed})`, () => {
    const random = seededRandom(seed);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < CASES; i += 1) {
      const physicalOffset = random.int(0, 1 << 30);
      const { bytes, label } = damage(random, encodeStoredMessage(randomRecord(random, physicalOffset)));
      const expected = expectedByCodec(bytes, physicalOffset);
      const check = checkRecord(bytes, 0, physicalOffset, true);
      const where = `case ${i} (${label})`;
      expect({ where, ok: check.ok }).toEqual({ where, ok: expected !== undefined });
      if (check.ok && expected) {
        expect(check.record).toMatchObject({
          totalSize: bytes.length,
          sysFlag: expected.sysFlag,
          topic: expected.topic,
          queueId: expected.queueId,
          queueOffset: expected.queueOffset,
          storeTimestamp: expected.storeTimestamp,
        });
      }
      const key = `${label.split(' ')[0]} ${check.ok ? 'accepted' : 'refused'}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    // The damage generator reaches both answers, so the agreement above is not vacuous.
    expect(outcomes.get('whole accepted')).toBeGreaterThan(20);
    expect(outcomes.get('torn refused')).toBeGreaterThan(20);
    expect(outcomes.get('bit accepted')).toBeGreaterThan(0);
    expect(outcomes.get('bit refused')).toBeGreaterThan(0);
  });

  it('finds a record in the middle of a larger buffer', () => {
    const record = encodeStoredMessage(randomRecord(seededRandom(7), 4096));
    const buf = Buffer.concat([Buffer.alloc(100, 0xee), record, Buffer.alloc(50)]);
    const check = checkRecord(buf, 100, 4096, true);
    expect(check.ok).toBe(true);
  });
});
