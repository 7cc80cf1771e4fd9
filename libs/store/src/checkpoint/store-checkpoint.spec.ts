/**
 * The checkpoint file against RocketMQ 4.9.8's (read exactly, written identically), its minimum
 * timestamps, durability on the fault-injecting disk, and the abort marker.
 */
import { copyFileSync, chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturePath, makeTempDir } from '@rmq/testing';
import { FaultInjectingFileSystem } from '../fs/fault-injecting-file-system';
import { NodeFileSystem } from '../fs/node-file-system';
import { AbortFile } from './abort-file';
import {
  CHECKPOINT_FILE_BYTES,
  checkpointMinTimestamp,
  checkpointMinTimestampIndex,
  decodeCheckpoint,
  encodeCheckpoint,
  StoreCheckpoint,
} from './store-checkpoint';

const FIXTURE = {
  physicMsgTimestamp: 1795622128893,
  logicsMsgTimestamp: 1795622128893,
  indexMsgTimestamp: 0,
};

async function freshFs(): Promise<FaultInjectingFileSystem> {
  const fs = new FaultInjectingFileSystem();
  fs.mkdirs('/store');
  await fs.syncDirectory('/');
  return fs;
}

describe('StoreCheckpoint', () => {
  let temp: { dir: string; remove(): void };
  beforeEach(() => {
    temp = makeTempDir('checkpoint');
  });
  afterEach(() => temp.remove());

  it('reads the 4.9.8 checkpoint exactly', async () => {
    const file = path.join(temp.dir, 'checkpoint');
    copyFileSync(fixturePath('store', 'checkpoint'), file);
    chmodSync(file, 0o644);
    const checkpoint = await StoreCheckpoint.open(new NodeFileSystem(), file);
    expect(checkpoint.timestamps()).toEqual(FIXTURE);
    expect(checkpoint.minTimestamp()).toBe(1795622128893 - 3000);
    expect(checkpoint.minTimestampIndex()).toBe(0);
    checkpoint.close();
    expect(decodeCheckpoint(readFileSync(fixturePath('store-unclean', 'checkpoint')))).toEqual(FIXTURE);
  });

  it('writes the same 4096 bytes as RocketMQ for the same timestamps', async () => {
    const file = path.join(temp.dir, 'sub', 'checkpoint');
    const checkpoint = await StoreCheckpoint.open(new NodeFileSystem(), file);
    expect(checkpoint.timestamps()).toEqual({
      physicMsgTimestamp: 0,
      logicsMsgTimestamp: 0,
      indexMsgTimestamp: 0,
    });
    Object.assign(checkpoint, FIXTURE);
    await checkpoint.flush();
    checkpoint.close();
    const written = readFileSync(file);
    expect(written).toHaveLength(CHECKPOINT_FILE_BYTES);
    expect(written).toEqual(readFileSync(fixturePath('store', 'checkpoint')));
    expect(encodeCheckpoint(FIXTURE)).toEqual(written);
  });

  it('computes the recovery bound: min(physic, logics) − 3 s, not below 0, optionally the index', () => {
    expect(
      checkpointMinTimestamp({ physicMsgTimestamp: 10_000, logicsMsgTimestamp: 8_000, indexMsgTimestamp: 1 }),
    ).toBe(5_000);
    expect(
      checkpointMinTimestamp({ physicMsgTimestamp: 1_000, logicsMsgTimestamp: 8_000, indexMsgTimestamp: 1 }),
    ).toBe(0);
    expect(
      checkpointMinTimestampIndex({
        physicMsgTimestamp: 10_000,
        logicsMsgTimestamp: 9_000,
        indexMsgTimestamp: 2_000,
      }),
    ).toBe(2_000);
  });

  it('survives any crash once flushed, and grows a page that lost its size', async () => {
    for (let seed = 1; seed <= 12; seed += 1) {
      const fs = await freshFs();
      const checkpoint = await StoreCheckpoint.open(fs, '/store/checkpoint');
      checkpoint.physicMsgTimestamp = 111;
      checkpoint.logicsMsgTimestamp = 222;
      await checkpoint.flush();
      checkpoint.physicMsgTimestamp = 333;
      const after = fs.crash(seed);
      const reopened = await StoreCheckpoint.open(after, '/store/checkpoint');
      expect(reopened.timestamps()).toEqual({
        physicMsgTimestamp: 111,
        logicsMsgTimestamp: 222,
        indexMsgTimestamp: 0,
      });
      expect(after.readFile('/store/checkpoint')).toHaveLength(CHECKPOINT_FILE_BYTES);
    }
    const fs = await freshFs();
    fs.open('/store/checkpoint').write(Buffer.from([0, 0, 0, 0, 0, 0, 0, 7]), 0);
    const short = await StoreCheckpoint.open(fs, '/store/checkpoint');
    expect(short.physicMsgTimestamp).toBe(7);
    expect(fs.readFile('/store/checkpoint')).toHaveLength(CHECKPOINT_FILE_BYTES);
  });

  it('makes a failed flush sticky', async () => {
    const fs = await freshFs();
    const checkpoint = await StoreCheckpoint.open(fs, '/store/checkpoint');
    fs.failSyncs({ times: 1 });
    const failure = await checkpoint.flush().catch((err: unknown) => err);
    expect(failure).toMatchObject({ code: 'STORE_IO_ERROR' });
    await expect(checkpoint.flush()).rejects.toBe(failure);
  });
});

describe('AbortFile', () => {
  it('is created and removed durably', async () => {
    for (let seed = 1; seed <= 8; seed += 1) {
      const fs = await freshFs();
      const abort = new AbortFile(fs, '/store/abort');
      expect(abort.exists()).toBe(false);
      await abort.create();
      expect(abort.exists()).toBe(true);
      const crashed = fs.crash(seed);
      expect(new AbortFile(crashed, '/store/abort').exists()).toBe(true);
      await new AbortFile(crashed, '/store/abort').remove();
      expect(new AbortFile(crashed.crash(seed), '/store/abort').exists()).toBe(false);
    }
  });

  it('reports a failure to make it durable', async () => {
    const fs = await freshFs();
    fs.failSyncs({ target: 'directory' });
    await expect(new AbortFile(fs, '/store/abort').create()).rejects.toMatchObject({
      code: 'STORE_IO_ERROR',
    });
  });
});
