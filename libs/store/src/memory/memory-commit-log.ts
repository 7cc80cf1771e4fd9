/**
 * The commit log held in memory: whole stored records at the physical offsets they would have in
 * one log that never rolls (no files, no BLANK records). Invariants: records are contiguous from
 * minOffset() to maxOffset(); truncation only drops whole records from the front.
 */
export class MemoryCommitLog {
  private readonly byOffset = new Map<number, Buffer>();
  /** Record offsets in append order; `head` is the first live one. */
  private offsets: number[] = [];
  private head = 0;
  private min = 0;
  private max = 0;
  private bytes = 0;

  minOffset(): number {
    return this.min;
  }

  /** The offset the next record will get (= end of the data). */
  maxOffset(): number {
    return this.max;
  }

  bytesHeld(): number {
    return this.bytes;
  }

  /** Appends a record encoded for offset maxOffset(). */
  append(record: Buffer): number {
    const offset = this.max;
    this.byOffset.set(offset, record);
    this.offsets.push(offset);
    this.max += record.length;
    this.bytes += record.length;
    return offset;
  }

  /** The record starting exactly at `offset`, or undefined. */
  get(offset: number): Buffer | undefined {
    return this.byOffset.get(offset);
  }

  /** Drops every record that ends at or before `offset`; returns the bytes freed. */
  truncateBefore(offset: number): number {
    let freed = 0;
    while (this.head < this.offsets.length) {
      const start = this.offsets[this.head] as number;
      const record = this.byOffset.get(start) as Buffer;
      if (start + record.length > offset) break;
      this.byOffset.delete(start);
      freed += record.length;
      this.head += 1;
    }
    this.min = this.head < this.offsets.length ? (this.offsets[this.head] as number) : this.max;
    if (this.head * 2 >= this.offsets.length) {
      this.offsets = this.offsets.slice(this.head);
      this.head = 0;
    }
    this.bytes -= freed;
    return freed;
  }
}
