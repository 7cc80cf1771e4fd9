/**
 * Building blocks of the conformance suite: a manual clock on whole seconds, message builders with
 * tags/keys/UNIQ_KEY, a tag filter, and one store per test (created before, shut down and cleaned
 * up after). Every test gets a fresh store and a clock at CONFORMANCE_START_MS.
 */
import { afterEach, beforeEach } from '@jest/globals';
import {
  decodeStoredMessage,
  DecodedStoredMessage,
  encodeMessageProperties,
  MessageConst,
  SocketAddress,
  tagsCodeOf,
} from '@rmq/protocol';
import type {
  AppendMessageResult,
  MessageFilter,
  MessageStore,
  MessageToStore,
  PutMessageResult,
} from '../message-store';
import type { ConformanceClock, MessageStoreHarness } from './conformance-harness';

/** 2027-01-15T08:00:00Z: whole seconds, so index time granularity (1 s) never blurs a boundary. */
export const CONFORMANCE_START_MS = 1_800_000_000_000;
export const GROUP = 'ConformanceGroup';
export const BORN_HOST: SocketAddress = { host: '10.1.2.3', port: 50123 };
export const STORE_HOST: SocketAddress = { host: '127.0.0.1', port: 10911 };

export class ManualClock implements ConformanceClock {
  private now = CONFORMANCE_START_MS;

  nowMs(): number {
    return this.now;
  }

  advanceMs(ms: number): number {
    this.now += ms;
    return this.now;
  }
}

export interface TestMessageSpec {
  readonly topic: string;
  readonly queueId?: number;
  readonly body?: Buffer | string;
  readonly tags?: string;
  readonly keys?: readonly string[];
  readonly uniqKey?: string;
  readonly sysFlag?: number;
  readonly flag?: number;
  readonly reconsumeTimes?: number;
  readonly extraProperties?: ReadonlyArray<readonly [string, string]>;
}

export function testMessage(spec: TestMessageSpec): MessageToStore {
  const properties: Array<readonly [string, string | undefined]> = [
    [MessageConst.PROPERTY_TAGS, spec.tags],
    [MessageConst.PROPERTY_KEYS, spec.keys?.join(MessageConst.KEY_SEPARATOR)],
    [MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, spec.uniqKey],
    ...(spec.extraProperties ?? []),
  ];
  return {
    topic: spec.topic,
    queueId: spec.queueId ?? 0,
    flag: spec.flag ?? 0,
    body: typeof spec.body === 'string' ? Buffer.from(spec.body) : (spec.body ?? Buffer.from('body')),
    propertiesString: encodeMessageProperties(properties),
    tagsCode: tagsCodeOf(spec.tags),
    sysFlag: spec.sysFlag ?? 0,
    bornTimestamp: CONFORMANCE_START_MS - 5_000,
    bornHost: BORN_HOST,
    storeHost: STORE_HOST,
    reconsumeTimes: spec.reconsumeTimes ?? 0,
    preparedTransactionOffset: 0,
  };
}

/** The broker's TAG filter: matches consume-queue entries whose tagsCode is one of `tags`. */
export function tagFilter(...tags: string[]): MessageFilter {
  const codes = new Set(tags.map((t) => tagsCodeOf(t)));
  return { isMatchedByConsumeQueue: (tagsCode) => codes.has(tagsCode) };
}

export function decode(record: Buffer | undefined): DecodedStoredMessage {
  return decodeStoredMessage(present(record, 'a record'));
}

/** The value, or a test failure saying what was missing. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}, got undefined`);
  return value;
}

/** The store of the current test, with the puts and waits every test needs. */
export interface StoreUnderTest {
  readonly clock: ManualClock;
  readonly harness: MessageStoreHarness;
  readonly store: MessageStore;
  /** putMessage, expecting PUT_OK; the clock then moves on by `advanceMs` (default 0). */
  put(msg: MessageToStore, advanceMs?: number): Promise<AppendMessageResult>;
  putBatch(msgs: MessageToStore[], advanceMs?: number): Promise<AppendMessageResult>;
  settle(): Promise<void>;
  /** shutdown() then harness.reopen(); the new store replaces `store`. */
  reopen(): Promise<MessageStore>;
  shutdown(): Promise<void>;
}

export function useStoreUnderTest(harness: MessageStoreHarness): StoreUnderTest {
  let clock = new ManualClock();
  let store: MessageStore | undefined;
  let running = false;
  const current = (): MessageStore => {
    if (store === undefined) throw new Error('no store: used outside a test');
    return store;
  };
  const expectOk = (result: PutMessageResult, what: string): AppendMessageResult => {
    if (result.status !== 'PUT_OK') throw new Error(`${what}: ${result.status} ${result.remark ?? ''}`);
    return present(result.appendResult, `${what}: appendResult`);
  };
  const sut: StoreUnderTest = {
    get clock() {
      return clock;
    },
    harness,
    get store() {
      return current();
    },
    async put(msg, advanceMs = 0) {
      const result = expectOk(await current().putMessage(msg), `put to ${msg.topic}`);
      clock.advanceMs(advanceMs);
      return result;
    },
    async putBatch(msgs, advanceMs = 0) {
      const result = expectOk(await current().putMessages(msgs), 'batch put');
      clock.advanceMs(advanceMs);
      return result;
    },
    settle: () => harness.settle?.(current()) ?? Promise.resolve(),
    async shutdown() {
      if (running) await current().shutdown();
      running = false;
    },
    async reopen() {
      if (harness.reopen === undefined) throw new Error('the harness cannot reopen');
      await sut.shutdown();
      store = await harness.reopen(current(), clock);
      running = true;
      return store;
    },
  };
  beforeEach(async () => {
    clock = new ManualClock();
    store = await harness.create(clock);
    running = true;
  });
  afterEach(async () => {
    await sut.shutdown();
    store = undefined;
    await harness.cleanup?.();
  });
  return sut;
}
