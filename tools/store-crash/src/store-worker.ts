/**
 * The process half of the whole-store kill -9 test: a DefaultMessageStore under SYNC_FLUSH on real
 * files in <storeDir>, CONCURRENT_PUTS puts in flight, and one line per acknowledged message,
 * `ACK <offset> <size> <crc32 of the record> <topic> <queueId> <queueOffset>`, printed only after its
 * put completed PUT_OK. Stops by itself after RUN_MS_MAX or PUTS_MAX puts; the test kills it first.
 *
 *   node -r tools/runtime/alias-register.js dist/tools/store-crash/src/store-worker.js <storeDir>
 */
import { writeSync } from 'node:fs';
import { rocketmqCrc32, tagsCodeOf } from '@rmq/protocol';
import { DefaultMessageStore, MessageToStore } from '@rmq/store';
import { wholeStoreCrashConfig } from './store-crash-config';

const CONCURRENT_PUTS = 64;
const RUN_MS_MAX = 60_000;
const PUTS_MAX = 200_000;

function line(text: string): void {
  writeSync(1, `${text}\n`);
}

function makeMessage(n: number): MessageToStore {
  const tag = `Tag${n % 5}`;
  return {
    topic: `CrashTopic${n % 3}`,
    queueId: n % 4,
    flag: 0,
    body: Buffer.alloc(100 + ((n * 7919) % 4000), n & 0xff),
    propertiesString: `KEYS\u0001key-${n}\u0002TAGS\u0001${tag}`,
    tagsCode: tagsCodeOf(tag),
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: { host: '127.0.0.1', port: 40000 },
    storeHost: { host: '127.0.0.1', port: 10911 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  };
}

async function main(): Promise<void> {
  const [storeDir] = process.argv.slice(2);
  if (!storeDir) throw new Error('usage: store-worker <storeDir>');
  const store = new DefaultMessageStore({ config: wholeStoreCrashConfig(storeDir) });
  await store.start();
  line('READY');
  const deadline = Date.now() + RUN_MS_MAX;
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < PUTS_MAX && Date.now() < deadline) {
      started += 1;
      const msg = makeMessage(started);
      const result = await store.putMessage(msg);
      if (result.status !== 'PUT_OK' || !result.appendResult) {
        line(`REFUSED ${result.status} ${result.remark ?? ''}`);
        continue;
      }
      const { wroteOffset, logicsOffset } = result.appendResult;
      const record = store.lookMessageByOffset(wroteOffset);
      if (!record) throw new Error(`acknowledged record at ${wroteOffset} unreadable`);
      line(
        `ACK ${wroteOffset} ${record.length} ${rocketmqCrc32(record)} ${msg.topic} ${msg.queueId} ${logicsOffset}`,
      );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_PUTS }, worker));
  await store.shutdown();
  line('DONE');
}

main().catch((err: unknown) => {
  line(`FAILED ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
