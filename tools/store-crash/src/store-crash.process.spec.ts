/**
 * kill -9 test of the commit log on real files: the append worker (a separate process, built by
 * `npm run build`) appends under SYNC_FLUSH and prints an ACK line per acknowledged record; after a
 * few hundred ACKs it is SIGKILLed mid-stream. Recovering its directory here (abnormal: its abort
 * file is left behind) must find every ACKed record intact, end at a record boundary with only
 * valid records before it, and take new appends.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { rocketmqCrc32 } from '@rmq/protocol';
import {
  AbortFile,
  checkRecord,
  CommitLog,
  NodeFileSystem,
  recoverCommitLogAbnormally,
  StoreCheckpoint,
} from '@rmq/store';
import { makeTempDir, ManagedProcess, waitFor, WORKSPACE_ROOT } from '@rmq/testing';
import { STORE_CRASH_SEGMENT_BYTES, storeCrashConfig } from './store-crash-config';

const WORKER = path.join(WORKSPACE_ROOT, 'dist/tools/store-crash/src/append-worker.js');
const ALIAS_REGISTER = path.join(WORKSPACE_ROOT, 'tools/runtime/alias-register.js');
const ACKS_BEFORE_KILL = 2000;
const TEST_TIMEOUT_MS = 60_000;

interface Ack {
  offset: number;
  size: number;
  crc: number;
}

/** ACK lines that were printed whole (a line cut by the kill is not an acknowledgement we saw). */
function parseAcks(output: string): Ack[] {
  const complete = output.slice(0, output.lastIndexOf('\n') + 1);
  return [...complete.matchAll(/^ACK (\d+) (\d+) (\d+)$/gm)].map((m) => ({
    offset: Number(m[1]),
    size: Number(m[2]),
    crc: Number(m[3]),
  }));
}

describe('commit log survives kill -9 (process test)', () => {
  let temp: { dir: string; remove(): void };
  let worker: ManagedProcess | undefined;

  beforeEach(() => {
    temp = makeTempDir('store-crash');
  });
  afterEach(async () => {
    if (worker && !worker.exited) await worker.stop('SIGKILL', 5_000);
    temp.remove();
  });

  it(
    'keeps every acknowledged record and ends at a valid record boundary',
    async () => {
      if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` first`);
      worker = ManagedProcess.start(process.execPath, ['-r', ALIAS_REGISTER, WORKER, temp.dir, '42'], {
        label: 'append-worker',
      });
      await worker.waitForOutput(/^READY$/m, 20_000);
      await waitFor(
        `${ACKS_BEFORE_KILL} ACKs`,
        () => parseAcks(worker!.text()).length >= ACKS_BEFORE_KILL,
        30_000,
      );
      worker.child.kill('SIGKILL');
      await worker.waitForExit(10_000);
      expect(worker.text()).not.toMatch(/FAILED|REFUSED/);
      const acks = parseAcks(worker.text());
      expect(acks.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

      const fs = new NodeFileSystem();
      expect(new AbortFile(fs, path.join(temp.dir, 'abort')).exists()).toBe(true);
      const checkpoint = await StoreCheckpoint.open(fs, path.join(temp.dir, 'checkpoint'));
      const commitLog = new CommitLog({ fs, config: storeCrashConfig(temp.dir) });
      await commitLog.load();
      const recovery = await recoverCommitLogAbnormally(commitLog, {
        checkCRCOnRecover: true,
        checkpoint: checkpoint.timestamps(),
      });
      for (const ack of acks) {
        const record = commitLog.lookMessage(ack.offset);
        expect({ offset: ack.offset, size: record?.length, crc: record && rocketmqCrc32(record) }).toEqual(
          ack,
        );
      }
      expect(commitLog.mappedFileQueue.mappedFiles().length).toBeGreaterThan(1);
      const end = recovery.maxPhyOffset;
      expect(end).toBeGreaterThanOrEqual(Math.max(...acks.map((a) => a.offset + a.size)));
      let walked = 0;
      for (const { offset, size, record } of commitLog.readRecordsFrom(0, Number.MAX_SAFE_INTEGER)) {
        const check = checkRecord(record, 0, offset, true);
        if (!check.ok) throw new Error(`record at ${offset}: ${check.reason}`);
        walked = offset + size;
      }
      const lastFileEnd = Math.ceil(walked / STORE_CRASH_SEGMENT_BYTES) * STORE_CRASH_SEGMENT_BYTES;
      expect([walked, lastFileEnd]).toContain(end);

      commitLog.start();
      const after = await commitLog.putMessage({
        topic: 'AfterCrash',
        queueId: 0,
        flag: 0,
        body: Buffer.from('after'),
        propertiesString: '',
        tagsCode: 0,
        sysFlag: 0,
        bornTimestamp: Date.now(),
        bornHost: { host: '127.0.0.1', port: 1 },
        storeHost: { host: '127.0.0.1', port: 10911 },
        reconsumeTimes: 0,
        preparedTransactionOffset: 0,
      });
      expect(after.status).toBe('PUT_OK');
      expect(after.appendResult?.wroteOffset).toBeGreaterThanOrEqual(end);
      await commitLog.shutdown();
      checkpoint.close();
    },
    TEST_TIMEOUT_MS,
  );
});
