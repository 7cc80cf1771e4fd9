/**
 * The fake broker's memory: queues of stored records (encoded with @rmq/protocol's codec exactly as
 * a broker stores them), a commitlog index by physical offset, and waiters for long polls. Pull
 * answers follow protocol.md §2.3's table for the cases specs need (found, none, moved, filtered).
 */
import {
  decodeMessageProperties,
  decodeStoredMessage,
  DecodedStoredMessage,
  encodeOffsetMessageId,
  encodeStoredMessage,
  MessageConst,
  ResponseCode,
  SubscriptionData,
  tagsCodeOf,
} from '@rmq/protocol';

export interface AppendInput {
  topic: string;
  queueId: number;
  body: Buffer;
  propertiesString: string;
  sysFlag?: number;
  flag?: number;
  reconsumeTimes?: number;
  bornTimestamp?: number;
  storeTimestamp?: number;
}

export interface AppendResult {
  queueOffset: number;
  physicalOffset: number;
  offsetMsgId: string;
}

export interface PullOutcome {
  code: number;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  records: Buffer[];
}

export class FakeMessageStore {
  private readonly queues = new Map<string, Buffer[]>();
  private readonly byPhysicalOffset = new Map<number, Buffer>();
  private readonly waiters = new Map<string, Array<() => void>>();
  private nextPhysicalOffset = 0;

  constructor(private readonly storeHost: { host: string; port: number }) {}

  append(input: AppendInput): AppendResult {
    const key = queueKey(input.topic, input.queueId);
    const queue = this.queues.get(key) ?? [];
    this.queues.set(key, queue);
    const physicalOffset = this.nextPhysicalOffset;
    const record = encodeStoredMessage({
      queueId: input.queueId,
      flag: input.flag ?? 0,
      queueOffset: queue.length,
      physicalOffset,
      sysFlag: input.sysFlag ?? 0,
      bornTimestamp: input.bornTimestamp ?? Date.now(),
      bornHost: { host: '127.0.0.1', port: 40000 },
      storeTimestamp: input.storeTimestamp ?? Date.now(),
      storeHost: this.storeHost,
      reconsumeTimes: input.reconsumeTimes ?? 0,
      preparedTransactionOffset: 0,
      body: input.body,
      topic: input.topic,
      propertiesString: input.propertiesString,
    });
    this.nextPhysicalOffset += record.length;
    this.byPhysicalOffset.set(physicalOffset, record);
    queue.push(record);
    for (const wake of this.waiters.get(key)?.splice(0) ?? []) wake();
    return {
      queueOffset: queue.length - 1,
      physicalOffset,
      offsetMsgId: encodeOffsetMessageId(this.storeHost, physicalOffset),
    };
  }

  maxOffset(topic: string, queueId: number): number {
    return this.queues.get(queueKey(topic, queueId))?.length ?? 0;
  }

  messages(topic: string, queueId: number): DecodedStoredMessage[] {
    return (this.queues.get(queueKey(topic, queueId)) ?? []).map((r) => decodeStoredMessage(r));
  }

  recordAt(physicalOffset: number): Buffer | undefined {
    return this.byPhysicalOffset.get(physicalOffset);
  }

  allRecords(): Buffer[] {
    return [...this.byPhysicalOffset.values()];
  }

  /** First offset whose store time is >= timestampMs, else the max offset. */
  searchOffset(topic: string, queueId: number, timestampMs: number): number {
    const msgs = this.messages(topic, queueId);
    const index = msgs.findIndex((m) => m.storeTimestamp >= timestampMs);
    return index < 0 ? msgs.length : index;
  }

  /** Resolves when a message arrives in the queue or after holdMs (timer unref'd). */
  waitForMessage(topic: string, queueId: number, holdMs: number): Promise<void> {
    const key = queueKey(topic, queueId);
    return new Promise<void>((resolve) => {
      const list = this.waiters.get(key) ?? [];
      this.waiters.set(key, list);
      const timer = setTimeout(resolve, holdMs);
      timer.unref();
      list.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  wakeAll(): void {
    for (const list of this.waiters.values()) for (const wake of list.splice(0)) wake();
  }

  pull(
    topic: string,
    queueId: number,
    offset: number,
    maxMsgNums: number,
    sub: SubscriptionData | undefined,
  ): PullOutcome {
    const queue = this.queues.get(queueKey(topic, queueId)) ?? [];
    const max = queue.length;
    const base = { minOffset: 0, maxOffset: max, records: [] as Buffer[] };
    if (max === 0)
      return {
        ...base,
        code: offset === 0 ? ResponseCode.PULL_NOT_FOUND : ResponseCode.PULL_OFFSET_MOVED,
        nextBeginOffset: 0,
      };
    if (offset < 0) return { ...base, code: ResponseCode.PULL_OFFSET_MOVED, nextBeginOffset: 0 };
    if (offset === max) return { ...base, code: ResponseCode.PULL_NOT_FOUND, nextBeginOffset: offset };
    if (offset > max) return { ...base, code: ResponseCode.PULL_OFFSET_MOVED, nextBeginOffset: max };
    const records: Buffer[] = [];
    let scanned = 0;
    for (let i = offset; i < max && records.length < maxMsgNums; i += 1) {
      scanned += 1;
      const record = queue[i] as Buffer;
      if (matches(record, sub)) records.push(record);
    }
    const code = records.length > 0 ? ResponseCode.SUCCESS : ResponseCode.PULL_RETRY_IMMEDIATELY;
    return { ...base, code, nextBeginOffset: offset + scanned, records };
  }
}

function matches(record: Buffer, sub: SubscriptionData | undefined): boolean {
  if (sub === undefined || sub.subString === '*' || sub.codeSet.length === 0) return true;
  const tags = decodeMessageProperties(decodeStoredMessage(record).propertiesString).get(
    MessageConst.PROPERTY_TAGS,
  );
  return sub.codeSet.includes(tagsCodeOf(tags));
}

export function queueKey(topic: string, queueId: number): string {
  return `${topic}@${queueId}`;
}
