/**
 * What one stored commit-log record contributes to the consume queues and the index (RocketMQ's
 * DispatchRequest, built like CommitLog.checkMessageAndReturnSize). tagsCode = Java hashCode of
 * the whole TAGS value (0 without; MULTI_TAGS records hash the whole string too, as RocketMQ's
 * tagsString2tagsCode ignores the filter type), except in SCHEDULE_TOPIC_XXXX, where a DELAY level
 * > 0 makes it the delivery time.
 */
import {
  decodeMessageProperties,
  decodeStoredMessage,
  readStoredMessageRoutingFields,
  MalformedMessageError,
  tagsCodeOf,
} from '@rmq/protocol';
import { DelayLevelTableMs, deliverTimestampMs } from './delay-level';
import { RoutingProperties, scanRoutingProperties } from './property-scan';

// Hot path: bound once, so each call skips the getters CommonJS emits for `export *`.
const parseProperties = decodeMessageProperties;
const tagsCodeOfTags = tagsCodeOf;
const readRoutingFields = readStoredMessageRoutingFields;

export const SCHEDULE_TOPIC = 'SCHEDULE_TOPIC_XXXX';

export interface DispatchRequest {
  readonly topic: string;
  readonly queueId: number;
  readonly commitLogOffset: number;
  /** The record's TOTALSIZE. */
  readonly msgSize: number;
  readonly tagsCode: number;
  readonly storeTimestamp: number;
  /** QUEUEOFFSET: the entry's logical offset in its consume queue. */
  readonly consumeQueueOffset: number;
  /** The KEYS property (space-separated words), if any. */
  readonly keys: string | undefined;
  /** The UNIQ_KEY property (client message id), if any. */
  readonly uniqKey: string | undefined;
  readonly sysFlag: number;
  readonly preparedTransactionOffset: number;
  /** All properties (decoded on each read: dispatch itself needs only the fields above). */
  readonly properties: ReadonlyMap<string, string>;
}

export interface BuildDispatchRequestOptions {
  /** Check BODYCRC (default false: records were checked when the commit log was recovered or written). */
  readonly verifyBodyCrc?: boolean;
}

/**
 * Decodes the record at the start of `record` (whole, TOTALSIZE bytes) stored at commitLogOffset.
 * Throws MalformedMessageError for bytes that are not a record, or whose PHYSICALOFFSET says it
 * belongs elsewhere.
 */
export function buildDispatchRequest(
  record: Buffer,
  commitLogOffset: number,
  delayLevelTableMs: DelayLevelTableMs,
  options: BuildDispatchRequestOptions = {},
): DispatchRequest {
  if (options.verifyBodyCrc === true)
    decodeStoredMessage(record, 0, { verifyBodyCrc: true, copyBody: false });
  const msg = readRoutingFields(record, 0);
  if (msg.physicalOffset !== commitLogOffset) {
    throw new MalformedMessageError(
      `record read at ${commitLogOffset} says PHYSICALOFFSET ${msg.physicalOffset}`,
      {
        context: { commitLogOffset },
      },
    );
  }
  return new StoreDispatchRequest(
    msg.topic,
    msg.queueId,
    commitLogOffset,
    msg.totalSize,
    msg.storeTimestamp,
    msg.queueOffset,
    msg.sysFlag,
    msg.preparedTransactionOffset,
    msg.propertiesString,
    delayLevelTableMs,
  );
}

/** What dispatchRequestOfAppended needs of a record the commit log just appended. */
export interface AppendedRecordFields {
  readonly offset: number;
  readonly size: number;
  readonly queueOffset: number;
  readonly storeTimestamp: number;
  readonly msg: {
    readonly topic: string;
    readonly queueId: number;
    readonly sysFlag: number;
    readonly preparedTransactionOffset: number;
    readonly propertiesString: string;
  };
}

/**
 * The same request for a record the commit log just appended, from what it appended (no read, no
 * decode). Both builders construct StoreDispatchRequest, so the two dispatch paths cannot disagree.
 */
export function dispatchRequestOfAppended(
  record: AppendedRecordFields,
  delayLevelTableMs: DelayLevelTableMs,
): DispatchRequest {
  const msg = record.msg;
  return new StoreDispatchRequest(
    msg.topic,
    msg.queueId,
    record.offset,
    record.size,
    record.storeTimestamp,
    record.queueOffset,
    msg.sysFlag,
    msg.preparedTransactionOffset,
    msg.propertiesString,
    delayLevelTableMs,
  );
}

/** Scratch for the property scan: dispatch runs on one thread and copies out what it keeps. */
const scanned: RoutingProperties = {
  tags: undefined,
  keys: undefined,
  uniqKey: undefined,
  delayLevel: undefined,
};

/**
 * The one DispatchRequest implementation: tagsCode and index keys come from the property string,
 * read in one pass without building a Map; `properties` decodes the whole string when read.
 */
class StoreDispatchRequest implements DispatchRequest {
  readonly tagsCode: number;
  readonly keys: string | undefined;
  readonly uniqKey: string | undefined;
  readonly #propertiesString: string;

  constructor(
    readonly topic: string,
    readonly queueId: number,
    readonly commitLogOffset: number,
    readonly msgSize: number,
    readonly storeTimestamp: number,
    readonly consumeQueueOffset: number,
    readonly sysFlag: number,
    readonly preparedTransactionOffset: number,
    propertiesString: string,
    delayLevelTableMs: DelayLevelTableMs,
  ) {
    this.#propertiesString = propertiesString;
    const routing = scanRoutingProperties(propertiesString, scanned);
    this.keys = routing.keys;
    this.uniqKey = routing.uniqKey;
    this.tagsCode = routingTagsCode(topic, routing, storeTimestamp, delayLevelTableMs);
  }

  get properties(): ReadonlyMap<string, string> {
    return parseProperties(this.#propertiesString);
  }
}

/** tagsCode: the TAGS hash, or in SCHEDULE_TOPIC_XXXX with a DELAY level > 0 the delivery time. */
function routingTagsCode(
  topic: string,
  routing: RoutingProperties,
  storeTimestamp: number,
  delayLevelTableMs: DelayLevelTableMs,
): number {
  const tagsCode = tagsCodeOfTags(routing.tags);
  if (topic !== SCHEDULE_TOPIC || routing.delayLevel === undefined) return tagsCode;
  return deliverTimestampMs(routing.delayLevel, storeTimestamp, delayLevelTableMs) ?? tagsCode;
}
