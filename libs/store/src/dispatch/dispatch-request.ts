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
  MessageConst,
  tagsCodeOf,
} from '@rmq/protocol';
import { DelayLevelTableMs, deliverTimestampMs } from './delay-level';

// Hot path: bound once, so each call skips the getters CommonJS emits for `export *`.
const parseProperties = decodeMessageProperties;
const tagsCodeOfTags = tagsCodeOf;

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
  const msg = readStoredMessageRoutingFields(record, 0);
  if (msg.physicalOffset !== commitLogOffset) {
    throw new MalformedMessageError(
      `record read at ${commitLogOffset} says PHYSICALOFFSET ${msg.physicalOffset}`,
      {
        context: { commitLogOffset },
      },
    );
  }
  const routing = routingOf(msg.topic, msg.propertiesString, msg.storeTimestamp, delayLevelTableMs);
  return {
    topic: msg.topic,
    queueId: msg.queueId,
    commitLogOffset,
    msgSize: msg.totalSize,
    storeTimestamp: msg.storeTimestamp,
    consumeQueueOffset: msg.queueOffset,
    sysFlag: msg.sysFlag,
    preparedTransactionOffset: msg.preparedTransactionOffset,
    ...routing,
  };
}

/**
 * The same request for a record the commit log just appended, from what it appended (no read, no
 * decode). Both builders share routingOf(), so the two dispatch paths cannot disagree.
 */
export function dispatchRequestOfAppended(
  record: {
    offset: number;
    size: number;
    queueOffset: number;
    storeTimestamp: number;
    msg: {
      topic: string;
      queueId: number;
      sysFlag: number;
      preparedTransactionOffset: number;
      propertiesString: string;
    };
  },
  delayLevelTableMs: DelayLevelTableMs,
): DispatchRequest {
  const { msg } = record;
  return {
    topic: msg.topic,
    queueId: msg.queueId,
    commitLogOffset: record.offset,
    msgSize: record.size,
    storeTimestamp: record.storeTimestamp,
    consumeQueueOffset: record.queueOffset,
    sysFlag: msg.sysFlag,
    preparedTransactionOffset: msg.preparedTransactionOffset,
    ...routingOf(msg.topic, msg.propertiesString, record.storeTimestamp, delayLevelTableMs),
  };
}

type Routing = Pick<DispatchRequest, 'tagsCode' | 'keys' | 'uniqKey' | 'properties'>;

/** tagsCode, index keys and properties of a record, from its topic, properties and store time. */
function routingOf(
  topic: string,
  propertiesString: string,
  storeTimestamp: number,
  delayLevelTableMs: DelayLevelTableMs,
): Routing {
  const properties = parseProperties(propertiesString);
  let tagsCode = tagsCodeOfTags(properties.get(MessageConst.PROPERTY_TAGS));
  const delay = properties.get(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
  if (topic === SCHEDULE_TOPIC && delay !== undefined) {
    tagsCode = deliverTimestampMs(delay, storeTimestamp, delayLevelTableMs) ?? tagsCode;
  }
  return {
    tagsCode,
    keys: properties.get(MessageConst.PROPERTY_KEYS),
    uniqKey: properties.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX),
    properties,
  };
}
