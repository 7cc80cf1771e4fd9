/**
 * kill -9 test of the whole store on real files: store-worker.ts (a separate process, built by
 * `npm run build`) puts under SYNC_FLUSH and prints an ACK line per acknowledged message; after a
 * few thousand ACKs it is SIGKILLed mid-stream. A new DefaultMessageStore on its directory must
 * recover (the abort file says it crashed) and serve every acknowledged message at its queue offset,
 * byte for byte, by key too, with queues that continue without gaps.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { decodeStoredMessage, rocketmqCrc32 } from '@rmq/protocol';
import { DefaultMessageStore } from '@rmq/store';
import { makeTempDir, ManagedProcess, waitFor, WORKSPACE_ROOT } from '@rmq/testing';
import { wholeStoreCrashConfig } from './store-crash-config';

const WORKER = path.join(WORKSPACE_ROOT, 'dist/tools/store-crash/src/store-worker.js');
const ALIAS_REGISTER = path.join(WORKSPACE_ROOT, 'tools/runtime/alias-register.js');
const ACKS_BEFORE_KILL = 2000;

interface Ack {
  offset: number;
  size: number;
  crc: number;
  topic: string;
  queueId: number;
  queueOffset: number;
}

function parseAcks(output: string): Ack[] {
  const complete = output.slice(0, output.lastIndexOf('\n') + 1);
  return [...complete.matchAll(/^ACK (\d+) (\d+) (\d+) (\S+) (\d+) (\d+)$/gm)].map((m) => ({
    offset: Number(m[1]),
    size: Number(m[2]),
    crc: Number(m[3]),
    topic: m[4] as string,
    queueId: Number(m[5]),
    queueOffset: Number(m[6]),
  }));
}

describe('the whole store survives kill -9 (process test)', () => {
  it('serves every acknowledged message after recovery, at its queue offset and by key', async () => {
    if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` first`);
    const temp = makeTempDir('whole-store-crash');
    const worker = ManagedProcess.start(process.execPath, ['-r', ALIAS_REGISTER, WORKER, temp.dir], {
      label: 'store-worker',
    });
    try {
      await worker.waitForOutput(/^READY$/m, 20_000);
      await waitFor(
        `${ACKS_BEFORE_KILL} ACKs`,
        () => parseAcks(worker.text()).length >= ACKS_BEFORE_KILL,
        30_000,
      );
      worker.child.kill('SIGKILL');
      await worker.waitForExit(10_000);
      expect(worker.text()).not.toMatch(/FAILED|REFUSED/);
      const acks = parseAcks(worker.text());

      const store = new DefaultMessageStore({ config: wholeStoreCrashConfig(temp.dir) });
      await store.start();
      for (const ack of acks) {
        const got = store.getMessage('g', ack.topic, ack.queueId, ack.queueOffset, 1);
        const record = got.messages[0];
        expect({
          ...ack,
          status: got.status,
          size: record?.length,
          crc: record && rocketmqCrc32(record),
        }).toEqual({
          ...ack,
          status: 'FOUND',
        });
      }
      const sample = acks[acks.length - 1] as Ack;
      const n = Number(
        /key-(\d+)/.exec(
          decodeStoredMessage(store.lookMessageByOffset(sample.offset) as Buffer).propertiesString,
        )?.[1],
      );
      const byKey = store.queryMessage(sample.topic, `key-${n}`, 32, 0, Number.MAX_SAFE_INTEGER);
      expect(byKey.messages.map((m) => decodeStoredMessage(m).physicalOffset)).toEqual([sample.offset]);
      for (const topic of ['CrashTopic0', 'CrashTopic1', 'CrashTopic2']) {
        for (let queueId = 0; queueId < 4; queueId++) {
          const max = store.getMaxOffsetInQueue(topic, queueId);
          const all = store.getMessage('g', topic, queueId, Math.max(0, max - 5), 32);
          expect(all.queueOffsets).toEqual(
            Array.from({ length: Math.min(5, max) }, (_, i) => Math.max(0, max - 5) + i),
          );
        }
      }
      await store.shutdown();
    } finally {
      if (!worker.exited) await worker.stop('SIGKILL', 5_000);
      temp.remove();
    }
  }, 90_000);
});
