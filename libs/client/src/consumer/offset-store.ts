/**
 * OffsetStore: where a consumer group's progress per queue lives. Clustering groups keep it on
 * the broker (RemoteBrokerOffsetStore: a memory table, pushed with UPDATE_CONSUMER_OFFSET every
 * persistConsumerOffsetIntervalMs and when a queue leaves); broadcasting consumers keep their own
 * in a local file (LocalFileOffsetStore). Offsets are "next offset to consume".
 */
import { MessageQueue } from '@rmq/protocol';
import { MQClientInstance } from '../core/mq-client-instance';
import { MASTER_ID } from '../core/topic-route';
import { MQClientError } from '../errors/mq-client.error';
import { mqKey } from '../message/message-queue';

/** MEMORY: the table only; STORE: ask the broker/file; MEMORY_FIRST_THEN_STORE: table, else store. */
export type ReadOffsetType = 'MEMORY' | 'STORE' | 'MEMORY_FIRST_THEN_STORE';

export interface OffsetStore {
  load(): Promise<void>;
  updateOffset(mq: MessageQueue, offset: number, increaseOnly: boolean): void;
  /** The offset, or -1 when none is known. Throws when the store cannot be reached. */
  readOffset(mq: MessageQueue, type: ReadOffsetType): Promise<number>;
  persistAll(mqs: readonly MessageQueue[]): Promise<void>;
  persist(mq: MessageQueue): Promise<void>;
  removeOffset(mq: MessageQueue): void;
}

/** The in-memory table both stores share. */
export class OffsetTable {
  readonly entries = new Map<string, { mq: MessageQueue; offset: number }>();

  get(mq: MessageQueue): number | undefined {
    return this.entries.get(mqKey(mq))?.offset;
  }

  update(mq: MessageQueue, offset: number, increaseOnly: boolean): void {
    const key = mqKey(mq);
    const current = this.entries.get(key);
    if (current !== undefined && increaseOnly && offset <= current.offset) return;
    this.entries.set(key, { mq, offset });
  }

  remove(mq: MessageQueue): void {
    this.entries.delete(mqKey(mq));
  }

  /**
   * readOffset of either store: from the table where `type` allows, else from `fromStore` (-1 when it
   * has none), keeping what it found.
   */
  async read(mq: MessageQueue, type: ReadOffsetType, fromStore: () => Promise<number>): Promise<number> {
    const cached = this.get(mq);
    if (type === 'MEMORY') return cached ?? -1;
    if (type === 'MEMORY_FIRST_THEN_STORE' && cached !== undefined) return cached;
    const offset = await fromStore();
    if (offset >= 0) this.update(mq, offset, false);
    return offset;
  }
}

export class RemoteBrokerOffsetStore implements OffsetStore {
  readonly table = new OffsetTable();

  constructor(
    private readonly instance: MQClientInstance,
    private readonly group: string,
  ) {}

  async load(): Promise<void> {
    // Nothing to load: the broker is asked per queue when it is first assigned.
  }

  updateOffset(mq: MessageQueue, offset: number, increaseOnly: boolean): void {
    this.table.update(mq, offset, increaseOnly);
  }

  readOffset(mq: MessageQueue, type: ReadOffsetType): Promise<number> {
    return this.table.read(mq, type, async () =>
      this.instance.api.queryConsumerOffset(await this.brokerAddr(mq), this.group, mq),
    );
  }

  async persistAll(mqs: readonly MessageQueue[]): Promise<void> {
    const wanted = new Set(mqs.map(mqKey));
    await Promise.all(
      [...this.table.entries]
        .filter(([key]) => wanted.has(key))
        .map(([, entry]) => this.push(entry.mq, entry.offset)),
    );
  }

  async persist(mq: MessageQueue): Promise<void> {
    const offset = this.table.get(mq);
    if (offset !== undefined) await this.push(mq, offset);
  }

  removeOffset(mq: MessageQueue): void {
    this.table.remove(mq);
  }

  private async push(mq: MessageQueue, offset: number): Promise<void> {
    try {
      await this.instance.api.updateConsumerOffsetOneway(await this.brokerAddr(mq), this.group, mq, offset);
    } catch (err) {
      this.instance.logger.warn(
        { mq, offset, err },
        'UPDATE_CONSUMER_OFFSET failed; will retry at the next persist',
      );
    }
  }

  /** Offsets live on the master; a slave serves while no master is known (protocol.md §5.4). */
  private async brokerAddr(mq: MessageQueue): Promise<string> {
    let found = this.instance.findBrokerAddressInSubscribe(mq.brokerName, MASTER_ID, true);
    if (found === undefined) {
      await this.instance.updateTopicRouteFromNameServer(mq.topic);
      found = this.instance.findBrokerAddressInSubscribe(mq.brokerName, MASTER_ID, false);
    }
    if (found === undefined)
      throw new MQClientError('BROKER_NOT_FOUND', `broker ${mq.brokerName} is not known`);
    return found.addr;
  }
}
