/**
 * The MessageStore contract (RocketMQ's MessageStore, trimmed to what the broker uses). Two
 * implementations pass one conformance suite: DefaultMessageStore (files: commit log, consume
 * queues, index) and MemoryMessageStore. Records handed out are whole stored-message records in
 * RocketMQ's layout (protocol.md §3.1), ready to be concatenated into a pull or query body.
 */
import type { SocketAddress } from '@rmq/protocol';

/** A message as the broker hands it to the store (RocketMQ's MessageExtBrokerInner). */
export interface MessageToStore {
  topic: string;
  queueId: number;
  /** The user's int flag. */
  flag: number;
  body: Buffer;
  /** The property string to store (KEYS, TAGS, UNIQ_KEY, DELAY, ... see protocol.md §3.2). */
  propertiesString: string;
  /** Consume-queue tag code: Java String.hashCode of TAGS, 0 without tags. */
  tagsCode: number;
  sysFlag: number;
  bornTimestamp: number;
  bornHost: SocketAddress;
  storeHost: SocketAddress;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
}

export type PutMessageStatus =
  | 'PUT_OK'
  | 'FLUSH_DISK_TIMEOUT'
  | 'FLUSH_SLAVE_TIMEOUT'
  | 'SLAVE_NOT_AVAILABLE'
  | 'SERVICE_NOT_AVAILABLE'
  | 'CREATE_MAPEDFILE_FAILED'
  | 'MESSAGE_ILLEGAL'
  | 'PROPERTIES_SIZE_EXCEEDED'
  | 'OS_PAGECACHE_BUSY'
  | 'UNKNOWN_ERROR';

export interface AppendMessageResult {
  /** Commit-log offset of the (first) record. */
  wroteOffset: number;
  /** Bytes written (all records of a batch). */
  wroteBytes: number;
  /** Offset msgId(s): one per record, in order. */
  msgIds: string[];
  /** Consume-queue offset of the (first) record. */
  logicsOffset: number;
  storeTimestamp: number;
  /** Records written (1, or the batch size). */
  msgNum: number;
}

export interface PutMessageResult {
  status: PutMessageStatus;
  /** Present when the records were stored (PUT_OK and the timeout statuses). */
  appendResult?: AppendMessageResult;
  /** Why, for statuses that are refusals. */
  remark?: string;
}

export type GetMessageStatus =
  | 'FOUND'
  | 'NO_MATCHED_MESSAGE'
  | 'MESSAGE_WAS_REMOVING'
  | 'OFFSET_FOUND_NULL'
  | 'OFFSET_OVERFLOW_BADLY'
  | 'OFFSET_OVERFLOW_ONE'
  | 'OFFSET_TOO_SMALL'
  | 'NO_MATCHED_LOGIC_QUEUE'
  | 'NO_MESSAGE_IN_QUEUE';

export interface GetMessageResult {
  status: GetMessageStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  /** Whole stored records, in queue order. */
  messages: Buffer[];
  /** Consume-queue offset of each record in `messages`. */
  queueOffsets: number[];
  /** The queue's data is mostly no longer in memory (slave read hint). */
  suggestPullingFromSlave: boolean;
}

/** Decides which consume-queue entries a pull returns (tag filtering). */
export interface MessageFilter {
  isMatchedByConsumeQueue(tagsCode: number): boolean;
}

export interface QueryMessageResult {
  messages: Buffer[];
  indexLastUpdateTimestamp: number;
  indexLastUpdatePhyoffset: number;
}

/** Called for each record dispatched to a consume queue: wakes held pulls. */
export type MessageArrivingListener = (
  topic: string,
  queueId: number,
  logicOffset: number,
  tagsCode: number,
  storeTimestamp: number,
) => void;

export interface MessageStore {
  /** Loads files and recovers (normally, or record by record after a crash). */
  start(): Promise<void>;
  /** Flushes everything, writes the checkpoint and removes the abort file. */
  shutdown(): Promise<void>;

  putMessage(msg: MessageToStore): Promise<PutMessageResult>;
  /** A batch: one topic/queue, consecutive queue offsets, stored as one contiguous run. */
  putMessages(msgs: MessageToStore[]): Promise<PutMessageResult>;

  getMessage(
    group: string,
    topic: string,
    queueId: number,
    offset: number,
    maxMsgNums: number,
    filter?: MessageFilter,
  ): GetMessageResult;
  getMaxOffsetInQueue(topic: string, queueId: number): number;
  getMinOffsetInQueue(topic: string, queueId: number): number;
  /** Commit-log offset of the entry at consumeQueueOffset, or 0 if none. */
  getCommitLogOffsetInQueue(topic: string, queueId: number, consumeQueueOffset: number): number;
  /**
   * RocketMQ's SEARCH_OFFSET_BY_TIMESTAMP answer: the entry stored exactly at `timestamp` (ms); between
   * two entries the nearer one (the earlier on a tie); before every entry the first, after every
   * entry the last.
   */
  getOffsetInQueueByTime(topic: string, queueId: number, timestamp: number): number;
  getEarliestMessageTime(topic: string, queueId: number): number;
  getMessageStoreTimeStamp(topic: string, queueId: number, consumeQueueOffset: number): number;

  /** The whole record at a commit-log offset (VIEW_MESSAGE_BY_ID), or undefined. */
  lookMessageByOffset(commitLogOffset: number): Buffer | undefined;
  queryMessage(topic: string, key: string, maxNum: number, begin: number, end: number): QueryMessageResult;

  getMinPhyOffset(): number;
  getMaxPhyOffset(): number;
  /** Deletes a topic's consume queues (its commit-log data ages out normally). */
  cleanTopic(topic: string): void;
  setMessageArrivingListener(listener: MessageArrivingListener | undefined): void;
}
