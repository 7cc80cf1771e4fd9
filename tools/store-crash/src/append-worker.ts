/**
 * The process half of the kill -9 test: opens (and recovers) a CommitLog under SYNC_FLUSH on real
 * files in <storeDir>, then keeps CONCURRENT_PUTS puts of random sizes in flight and prints one line
 * per acknowledged record, `ACK <offset> <size> <crc32 of the whole record>`, only after its put
 * completed PUT_OK. It also writes the checkpoint every CHECKPOINT_INTERVAL_MS like the store does.
 * It stops by itself after RUN_MS_MAX or PUTS_MAX puts; the test kills it long before.
 *
 *   node -r tools/runtime/alias-register.js dist/tools/store-crash/src/append-worker.js <storeDir> <seed>
 */
import { writeSync } from 'node:fs';
import path from 'node:path';
import { rocketmqCrc32 } from '@rmq/protocol';
import {
  AbortFile,
  CommitLog,
  MessageToStore,
  NodeFileSystem,
  PutMessageResult,
  recoverCommitLogAbnormally,
  recoverCommitLogNormally,
  StoreCheckpoint,
} from '@rmq/store';
import { storeCrashConfig } from './store-crash-config';

const CONCURRENT_PUTS = 64;
const BODY_BYTES_MAX = 16 * 1024;
const CHECKPOINT_INTERVAL_MS = 100;
const RUN_MS_MAX = 60_000;
const PUTS_MAX = 200_000;

/** mulberry32: the same seed gives the same message sizes. */
function seededRandom(seed: number): (max: number) => number {
  let state = seed >>> 0;
  return (max) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (max + 1));
  };
}

function line(text: string): void {
  writeSync(1, `${text}\n`);
}

function makeMessage(random: (max: number) => number, n: number): MessageToStore {
  return {
    topic: `CrashTopic${random(3)}`,
    queueId: random(3),
    flag: 0,
    body: Buffer.alloc(random(BODY_BYTES_MAX), n & 0xff),
    propertiesString: `KEYS\u0001key-${n}\u0002TAGS\u0001Tag${n % 7}`,
    tagsCode: 0,
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: { host: '127.0.0.1', port: 40000 },
    storeHost: { host: '127.0.0.1', port: 10911 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  };
}

async function open(storeDir: string): Promise<{ commitLog: CommitLog; checkpoint: StoreCheckpoint }> {
  const fs = new NodeFileSystem();
  fs.mkdirs(storeDir);
  const abort = new AbortFile(fs, path.join(storeDir, 'abort'));
  const checkpoint = await StoreCheckpoint.open(fs, path.join(storeDir, 'checkpoint'));
  const commitLog = new CommitLog({ fs, config: storeCrashConfig(storeDir), checkpoint });
  await commitLog.load();
  if (abort.exists()) {
    await recoverCommitLogAbnormally(commitLog, {
      checkCRCOnRecover: true,
      checkpoint: checkpoint.timestamps(),
    });
  } else {
    await recoverCommitLogNormally(commitLog, { checkCRCOnRecover: true, dispatchedPhyOffset: 0 });
  }
  await abort.create();
  commitLog.start();
  return { commitLog, checkpoint };
}

function acknowledge(commitLog: CommitLog, result: PutMessageResult): void {
  if (result.status !== 'PUT_OK' || !result.appendResult) {
    line(`REFUSED ${result.status} ${result.remark ?? ''}`);
    return;
  }
  const record = commitLog.lookMessage(result.appendResult.wroteOffset);
  if (!record) throw new Error(`acknowledged record at ${result.appendResult.wroteOffset} unreadable`);
  line(`ACK ${result.appendResult.wroteOffset} ${record.length} ${rocketmqCrc32(record)}`);
}

async function main(): Promise<void> {
  const [storeDir, seedText] = process.argv.slice(2);
  if (!storeDir) throw new Error('usage: append-worker <storeDir> [seed]');
  const random = seededRandom(Number(seedText ?? 1));
  const { commitLog, checkpoint } = await open(storeDir);
  const checkpointTimer = setInterval(() => {
    checkpoint.logicsMsgTimestamp = checkpoint.physicMsgTimestamp;
    void checkpoint.flush();
  }, CHECKPOINT_INTERVAL_MS);
  line('READY');
  const deadline = Date.now() + RUN_MS_MAX;
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < PUTS_MAX && Date.now() < deadline) {
      started += 1;
      acknowledge(commitLog, await commitLog.putMessage(makeMessage(random, started)));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_PUTS }, worker));
  clearInterval(checkpointTimer);
  await commitLog.shutdown();
  line('DONE');
}

main().catch((err: unknown) => {
  line(`FAILED ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
