import path from 'node:path';
import { MessageSysFlag } from '@rmq/protocol';
import { makeTempDir } from '@rmq/testing';
import { ConsumeQueueStore } from '../consumequeue/consume-queue-store';
import { FileHandle, FileSystem } from '../fs/file-system';
import { NodeFileSystem } from '../fs/node-file-system';
import { IndexService } from '../index-file/index-service';
import { ConsumeQueueDispatcher, IndexDispatcher } from './commit-log-dispatcher';
import { DispatchRequest } from './dispatch-request';

const fs = new NodeFileSystem();

function request(commitLogOffset: number, sysFlag: number, consumeQueueOffset: number): DispatchRequest {
  return {
    topic: 'T',
    queueId: 1,
    commitLogOffset,
    msgSize: 100,
    tagsCode: 7,
    storeTimestamp: 1_700_000_000_000 + commitLogOffset,
    consumeQueueOffset,
    keys: 'k',
    uniqKey: undefined,
    sysFlag,
    preparedTransactionOffset: 0,
    properties: new Map(),
  };
}

describe('commit-log dispatchers', () => {
  let tmp: { dir: string; remove(): void };
  beforeEach(() => {
    tmp = makeTempDir('dispatchers');
  });
  afterEach(() => tmp.remove());

  it('queues NOT and COMMIT records only, and tells the listener the new max offset', () => {
    const queues = new ConsumeQueueStore({
      fs,
      config: {
        storePathConsumeQueue: path.join(tmp.dir, 'cq'),
        mappedFileSizeConsumeQueue: 6000,
        flushConsumeQueueLeastPages: 2,
        flushConsumeQueueThoroughInterval: 60_000,
      },
    });
    const arrivals: unknown[][] = [];
    const dispatcher = new ConsumeQueueDispatcher(queues, (...args) => arrivals.push(args));
    dispatcher.dispatch(request(0, MessageSysFlag.TRANSACTION_NOT_TYPE, 0));
    dispatcher.dispatch(request(100, MessageSysFlag.TRANSACTION_PREPARED_TYPE, 0));
    dispatcher.dispatch(request(200, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE, 0));
    dispatcher.dispatch(request(300, MessageSysFlag.TRANSACTION_COMMIT_TYPE, 1));
    const queue = queues.find('T', 1);
    expect(queue?.getEntries(0, 10)?.map((e) => e.commitLogOffset)).toEqual([0, 300]);
    expect(arrivals).toEqual([
      ['T', 1, 1, 7, 1_700_000_000_000],
      ['T', 1, 2, 7, 1_700_000_000_300],
    ]);
    expect(queues.lastPutStoreTimestamp()).toBe(1_700_000_000_300);
    queues.close();
  });

  it('index building stops for good after a write failure, without failing dispatch', () => {
    let failWrites = false;
    const failing: FileSystem = Object.create(fs) as FileSystem;
    failing.open = (p: string): FileHandle => {
      const handle = fs.open(p);
      const write = handle.write.bind(handle);
      handle.write = (data, position) => {
        if (failWrites) throw new Error('EIO');
        write(data, position);
      };
      return handle;
    };
    // 3 keys per file: the second record's key rolls to a new file, which seals (writes) the first.
    const index = new IndexService({
      fs: failing,
      storePath: path.join(tmp.dir, 'index'),
      hashSlotNum: 10,
      indexNum: 4,
    });
    index.load(true, 0);
    const dispatcher = new IndexDispatcher(index);
    dispatcher.dispatch({ ...request(0, 0, 0), keys: 'a b c' });
    failWrites = true;
    expect(() => dispatcher.dispatch(request(100, 0, 1))).not.toThrow();
    expect(String(dispatcher.error)).toMatch(/failed/);
    failWrites = false;
    dispatcher.dispatch(request(200, 0, 2));
    expect(index.queryOffset('T', 'k', 10, 0, Number.MAX_SAFE_INTEGER).phyOffsets).toEqual([]);
    expect(index.queryOffset('T', 'a', 10, 0, Number.MAX_SAFE_INTEGER).phyOffsets).toEqual([0]);
  });
});
