/**
 * The AppendMessageResult of a commit-log append. Offset msgIds (hex strings) are built only when a
 * caller reads `msgIds` (then kept): most callers read one, and the append path runs per message.
 * Reading gives the same array an eager result would have held; toJSON() serializes it as one.
 */
import { encodeOffsetMessageId, SocketAddress } from '@rmq/protocol';
import type { AppendMessageResult } from '../message-store';

// Bound once, so each call skips the getters CommonJS emits for `export *`.
const offsetMessageId = encodeOffsetMessageId;

/** Where each record of the append went: one record, or every record of a batch. */
export interface AppendedRecordPlaces {
  readonly length: number;
  readonly [index: number]: { readonly offset: number; readonly msg: { readonly storeHost: SocketAddress } };
}

export class CommitLogAppendResult implements AppendMessageResult {
  #msgIds: string[] | undefined;
  readonly #storeHost: SocketAddress;
  readonly #records: AppendedRecordPlaces | undefined;

  /** `records` is left out for a single record: its msgId needs only storeHost and wroteOffset. */
  constructor(
    readonly wroteOffset: number,
    readonly wroteBytes: number,
    readonly logicsOffset: number,
    readonly storeTimestamp: number,
    readonly msgNum: number,
    storeHost: SocketAddress,
    records?: AppendedRecordPlaces,
  ) {
    this.#storeHost = storeHost;
    this.#records = records;
  }

  get msgIds(): string[] {
    this.#msgIds ??= this.buildMsgIds();
    return this.#msgIds;
  }

  set msgIds(ids: string[]) {
    this.#msgIds = ids;
  }

  toJSON(): AppendMessageResult {
    return {
      wroteOffset: this.wroteOffset,
      wroteBytes: this.wroteBytes,
      msgIds: this.msgIds,
      logicsOffset: this.logicsOffset,
      storeTimestamp: this.storeTimestamp,
      msgNum: this.msgNum,
    };
  }

  private buildMsgIds(): string[] {
    const records = this.#records;
    if (records === undefined) return [offsetMessageId(this.#storeHost, this.wroteOffset)];
    const ids: string[] = [];
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      if (record !== undefined) ids.push(offsetMessageId(record.msg.storeHost, record.offset));
    }
    return ids;
  }
}
