/**
 * The message index held in memory: `topic#key` → the messages carrying that key, oldest first, as
 * IndexService builds it (UNIQ_KEY and each KEYS word; a key repeated in one message is indexed
 * twice, as RocketMQ does). Queries return the newest matches first, like the index's hash chains.
 */

interface IndexedMessage {
  readonly commitLogOffset: number;
  readonly storeTimestamp: number;
}

/** Bytes one index entry stands for in the store's memory bound (the on-disk entry size). */
export const INDEX_ENTRY_BYTES = 20;

export class MemoryKeyIndex {
  private readonly table = new Map<string, IndexedMessage[]>();
  private entries = 0;
  private lastTimestamp = 0;
  private lastOffset = 0;

  entryCount(): number {
    return this.entries;
  }

  /** endTimestamp and endPhyOffset of RocketMQ's newest index file: the last indexed message. */
  lastUpdate(): { timestampMs: number; commitLogOffset: number } {
    return { timestampMs: this.lastTimestamp, commitLogOffset: this.lastOffset };
  }

  add(key: string, commitLogOffset: number, storeTimestamp: number): void {
    let list = this.table.get(key);
    if (list === undefined) {
      list = [];
      this.table.set(key, list);
    }
    list.push({ commitLogOffset, storeTimestamp });
    this.entries += 1;
    this.lastTimestamp = storeTimestamp;
    this.lastOffset = commitLogOffset;
  }

  /** Up to `maxNum` offsets of messages with `key` stored in [beginMs, endMs], newest first. */
  query(key: string, maxNum: number, beginMs: number, endMs: number): number[] {
    const list = this.table.get(key) ?? [];
    const out: number[] = [];
    for (let i = list.length - 1; i >= 0 && out.length < maxNum; i -= 1) {
      const hit = list[i] as IndexedMessage;
      if (hit.storeTimestamp >= beginMs && hit.storeTimestamp <= endMs) out.push(hit.commitLogOffset);
    }
    return out;
  }

  /** Drops entries of messages below `commitLogOffset`; returns how many. */
  dropBefore(commitLogOffset: number): number {
    let dropped = 0;
    for (const [key, list] of this.table) {
      let n = 0;
      while (n < list.length && (list[n] as IndexedMessage).commitLogOffset < commitLogOffset) n += 1;
      if (n === 0) continue;
      dropped += n;
      if (n === list.length) this.table.delete(key);
      else this.table.set(key, list.slice(n));
    }
    this.entries -= dropped;
    return dropped;
  }
}
