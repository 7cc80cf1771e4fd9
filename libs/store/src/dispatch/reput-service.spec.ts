import { encodeBlankRecord } from '@rmq/protocol';
import { CommitLogDispatcher } from './commit-log-dispatcher';
import { DEFAULT_MESSAGE_DELAY_LEVEL, parseDelayLevels } from './delay-level';
import { DispatchRequest } from './dispatch-request';
import { bufferReputSource, commitLogOf, storedRecord } from './dispatch-test-records';
import { ReputService, ReputServiceOptions } from './reput-service';

const LEVELS = parseDelayLevels(DEFAULT_MESSAGE_DELAY_LEVEL);

class RecordingDispatcher implements CommitLogDispatcher {
  readonly offsets: number[] = [];
  failAt: number | undefined;
  dispatch(request: DispatchRequest): void {
    if (request.commitLogOffset === this.failAt) throw new Error(`disk full at ${request.commitLogOffset}`);
    this.offsets.push(request.commitLogOffset);
  }
}

/** n records of 100-byte bodies, back to back. */
function logOf(n: number): { log: Buffer; offsets: number[] } {
  const log = commitLogOf(
    Array.from(
      { length: n },
      (_, i) => (at: number) => storedRecord(at, { KEYS: `k${i}` }, { body: Buffer.alloc(100) }),
    ),
  );
  const offsets: number[] = [];
  for (let at = 0; at < log.length; at += log.readInt32BE(at)) offsets.push(at);
  return { log, offsets };
}

describe('ReputService', () => {
  const make = (
    log: Buffer,
    dispatcher: CommitLogDispatcher,
    extra: Partial<ReputServiceOptions> = {},
    end = log.length,
  ) => {
    const source = bufferReputSource(log, end);
    const service = new ReputService({
      source,
      dispatchers: [dispatcher],
      delayLevelTableMs: LEVELS,
      ...extra,
    });
    return { service, source };
  };

  it('dispatchUpTo dispatches every record starting below the offset, synchronously, in bounded turns', () => {
    const { log, offsets } = logOf(20);
    const dispatcher = new RecordingDispatcher();
    const { service, source } = make(log, dispatcher, { batchBytesMax: 1000 });
    service.dispatchUpTo(offsets[7] as number);
    expect(dispatcher.offsets).toEqual(offsets.slice(0, 7));
    expect(service.reputFromOffset).toBe(offsets[7]);
    service.dispatchUpTo(Number.MAX_SAFE_INTEGER);
    expect(dispatcher.offsets).toEqual(offsets);
    expect(service.dispatchBehindBytes()).toBe(0);
    expect(Math.max(...source.requests)).toBeLessThanOrEqual(1000);
  });

  it('steps over BLANK padding to the next file', () => {
    const first = storedRecord(0, {});
    const fileBytes = first.length + 64;
    const second = storedRecord(fileBytes, {});
    const log = Buffer.concat([first, encodeBlankRecord(64), Buffer.alloc(56), second]);
    const dispatcher = new RecordingDispatcher();
    make(log, dispatcher).service.dispatchUpTo(log.length);
    expect(dispatcher.offsets).toEqual([0, fileBytes]);
  });

  it('runs after start() and wakeup(), yielding between turns, until it catches up', async () => {
    const { log, offsets } = logOf(50);
    const dispatcher = new RecordingDispatcher();
    let visible = offsets[10] as number;
    const source = bufferReputSource(log);
    const service = new ReputService({
      source: {
        ...source,
        maxOffset: () => visible,
        readRecordsFrom: (o, m) => source.readRecordsFrom(o, Math.min(m, visible - o)),
      },
      dispatchers: [dispatcher],
      delayLevelTableMs: LEVELS,
      batchBytesMax: 500,
    });
    service.wakeup(); // not started: nothing happens
    await service.drain();
    expect(dispatcher.offsets).toEqual([]);
    service.start();
    await service.drain();
    expect(dispatcher.offsets).toEqual(offsets.slice(0, 10));
    visible = log.length;
    service.wakeup();
    service.wakeup();
    await service.drain();
    expect(dispatcher.offsets).toEqual(offsets);
    await service.stop();
  });

  it('stops at a failing dispatcher and retries that record on the next wakeup', async () => {
    const { log, offsets } = logOf(5);
    const dispatcher = new RecordingDispatcher();
    dispatcher.failAt = offsets[2];
    const { service } = make(log, dispatcher);
    service.start();
    await service.drain();
    expect(dispatcher.offsets).toEqual(offsets.slice(0, 2));
    expect(service.reputFromOffset).toBe(offsets[2]);
    expect(String(service.error)).toMatch(/disk full/);
    dispatcher.failAt = undefined;
    service.wakeup();
    await service.drain();
    expect(dispatcher.offsets).toEqual(offsets);
    expect(service.error).toBeUndefined();
  });

  it('skips a record that does not decode, and jumps to the log start when behind retention', () => {
    const { log, offsets } = logOf(3);
    log.writeInt32BE(0x12345678, (offsets[1] as number) + 4); // bad magic
    const dispatcher = new RecordingDispatcher();
    const { service } = make(log, dispatcher);
    service.dispatchUpTo(log.length);
    expect(dispatcher.offsets).toEqual([0, offsets[2]]);
    expect(service.skippedRecords).toBe(1);

    const behind = new RecordingDispatcher();
    const source = bufferReputSource(log);
    const late = new ReputService({
      source: { ...source, minOffset: () => offsets[2] as number },
      dispatchers: [behind],
      delayLevelTableMs: LEVELS,
    });
    late.dispatchUpTo(log.length);
    expect(behind.offsets).toEqual([offsets[2]]);
  });

  it('dispatches appended records from memory when they continue the reput offset, and reads the log otherwise', async () => {
    const { log, offsets } = logOf(4);
    const dispatcher = new RecordingDispatcher();
    const { service, source } = make(log, dispatcher, {}, offsets[2]);
    service.start();
    await service.drain();
    expect(dispatcher.offsets).toEqual([offsets[0], offsets[1]]);
    const appended = (i: number) => ({
      offset: offsets[i] as number,
      size: log.readInt32BE(offsets[i] as number),
      queueOffset: 0,
      storeTimestamp: 1,
      msg: { topic: 'T', queueId: 0, sysFlag: 0, preparedTransactionOffset: 0, propertiesString: '' },
    });
    const readsBefore = source.requests.length;
    service.dispatchAppended([appended(2)]);
    expect(dispatcher.offsets).toEqual([offsets[0], offsets[1], offsets[2]]);
    expect(source.requests.length).toBe(readsBefore);
    expect(service.reputFromOffset).toBe(offsets[3]);
    // A record that does not continue where dispatch stands is never taken from memory.
    service.dispatchAppended([{ ...appended(3), offset: (offsets[3] as number) + 1 }]);
    await service.drain();
    expect(dispatcher.offsets).toEqual([offsets[0], offsets[1], offsets[2]]);
    await service.stop();
  });
});
