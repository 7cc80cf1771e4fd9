/**
 * The records of RocketMQ 4.x's transactional messages, as pure functions (TransactionalMessageBridge
 * and EndTransactionProcessor): the half message parked in RMQ_SYS_TRANS_HALF_TOPIC queue 0 (real
 * destination in REAL_TOPIC / REAL_QID, transaction type NOT so that it is queued there), the op
 * message in RMQ_SYS_TRANS_OP_HALF_TOPIC that marks a half message as ended (tag `d`, body = the
 * half message's queue offset as text), the committed copy written to the real topic (type COMMIT,
 * REAL_* removed, everything else kept as RocketMQ keeps it: TRAN_MSG, PGROUP, UNIQ_KEY...), the
 * re-appended half copy a check-back makes, and the CHECK_TRANSACTION_STATE body.
 */
import {
  decodeMessageProperties,
  encodeMessageProperties,
  encodeStoredMessage,
  MessageConst,
  MessageSysFlag,
  resetTransactionValue,
  SocketAddress,
  StoredMessage,
  SystemTopic,
  tagsCodeOf,
} from '@rmq/protocol';
import type { MessageToStore } from '@rmq/store';

/** Half messages all go to queue 0 of the half topic; op messages to the same queue id of the op topic. */
export const HALF_QUEUE_ID = 0;
/** TransactionalMessageUtil.REMOVETAG: the op message that ends a half message. */
export const REMOVE_TAG = 'd';

/** The real destination saved in a half message, or undefined when it lacks one. */
export interface RealDestination {
  topic: string;
  queueId: number;
}

export function realDestinationOf(properties: ReadonlyMap<string, string>): RealDestination | undefined {
  const topic = properties.get(MessageConst.PROPERTY_REAL_TOPIC);
  const queueIdText = properties.get(MessageConst.PROPERTY_REAL_QUEUE_ID);
  if (topic === undefined || queueIdText === undefined || !/^\d{1,10}$/.test(queueIdText)) return undefined;
  return { topic, queueId: Number(queueIdText) };
}

/** RocketMQ's parseHalfMessageInner: the sent message parked in the half topic. */
export function toHalfMessage(msg: MessageToStore): MessageToStore {
  const properties = decodeMessageProperties(msg.propertiesString);
  properties.set(MessageConst.PROPERTY_REAL_TOPIC, msg.topic);
  properties.set(MessageConst.PROPERTY_REAL_QUEUE_ID, String(msg.queueId));
  return {
    ...msg,
    topic: SystemTopic.TRANS_HALF,
    queueId: HALF_QUEUE_ID,
    sysFlag: resetTransactionValue(msg.sysFlag, MessageSysFlag.TRANSACTION_NOT_TYPE),
    propertiesString: encodeMessageProperties(properties),
  };
}

/** RocketMQ's endMessageTransaction: the record a commit writes to the real topic. */
export function committedMessageOf(half: StoredMessage, destination: RealDestination): MessageToStore {
  const properties = decodeMessageProperties(half.propertiesString);
  properties.delete(MessageConst.PROPERTY_REAL_TOPIC);
  properties.delete(MessageConst.PROPERTY_REAL_QUEUE_ID);
  return {
    topic: destination.topic,
    queueId: destination.queueId,
    flag: half.flag,
    body: half.body,
    propertiesString: encodeMessageProperties(properties),
    tagsCode: tagsCodeOf(properties.get(MessageConst.PROPERTY_TAGS)),
    sysFlag: resetTransactionValue(half.sysFlag, MessageSysFlag.TRANSACTION_COMMIT_TYPE),
    bornTimestamp: half.bornTimestamp,
    bornHost: half.bornHost,
    storeHost: half.storeHost,
    reconsumeTimes: half.reconsumeTimes,
    preparedTransactionOffset: half.physicalOffset,
  };
}

/**
 * RocketMQ's renewHalfMessageInner: the half message appended again at the queue's end (with its
 * check count, or its prepared queue offset, updated in `properties`). Unlike RocketMQ the user flag
 * and reconsume times are kept, so a commit of the copy loses nothing.
 */
export function renewedHalfMessage(
  half: StoredMessage,
  properties: ReadonlyMap<string, string>,
): MessageToStore {
  return {
    topic: half.topic,
    queueId: half.queueId,
    flag: half.flag,
    body: half.body,
    propertiesString: encodeMessageProperties(properties),
    tagsCode: tagsCodeOf(properties.get(MessageConst.PROPERTY_TAGS)),
    sysFlag: half.sysFlag,
    bornTimestamp: half.bornTimestamp,
    bornHost: half.bornHost,
    storeHost: half.storeHost,
    reconsumeTimes: half.reconsumeTimes,
    preparedTransactionOffset: 0,
  };
}

/** A half message checked too often, kept in TRANS_CHECK_MAX_TIME_TOPIC (RocketMQ 4.9.x). */
export function discardedMessageOf(half: StoredMessage): MessageToStore {
  const properties = decodeMessageProperties(half.propertiesString);
  return {
    ...renewedHalfMessage(half, properties),
    topic: SystemTopic.TRANS_CHECK_MAX_TIME,
    queueId: 0,
  };
}

/** RocketMQ's addRemoveTagInTransactionOp: "the half message at this queue offset has ended". */
export function opMessageOf(
  halfQueueOffset: number,
  halfQueueId: number,
  storeHost: SocketAddress,
  nowMs: number,
  uniqKey: string,
): MessageToStore {
  const properties = new Map([
    [MessageConst.PROPERTY_TAGS, REMOVE_TAG],
    [MessageConst.PROPERTY_WAIT_STORE_MSG_OK, 'false'],
    [MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniqKey],
  ]);
  return {
    topic: SystemTopic.TRANS_OP_HALF,
    queueId: halfQueueId,
    flag: 0,
    body: Buffer.from(String(halfQueueOffset), 'utf8'),
    propertiesString: encodeMessageProperties(properties),
    tagsCode: tagsCodeOf(REMOVE_TAG),
    sysFlag: 0,
    bornTimestamp: nowMs,
    bornHost: storeHost,
    storeHost,
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  };
}

/** The half queue offset an op message's body names, or undefined when it is not a number. */
export function halfOffsetOfOpBody(body: Buffer): number | undefined {
  const text = body.toString('utf8');
  if (!/^\d{1,16}$/.test(text)) return undefined;
  const offset = Number(text);
  return Number.isSafeInteger(offset) ? offset : undefined;
}

/**
 * The CHECK_TRANSACTION_STATE body (MessageDecoder.encode of the half message): the stored record
 * as appended at `at`, with topic and queue restored to the real ones.
 */
export function checkRequestBodyOf(
  half: StoredMessage,
  properties: ReadonlyMap<string, string>,
  destination: RealDestination,
  at: { queueOffset: number; physicalOffset: number },
): Buffer {
  return encodeStoredMessage({
    ...half,
    topic: destination.topic,
    queueId: destination.queueId,
    queueOffset: at.queueOffset,
    physicalOffset: at.physicalOffset,
    propertiesString: encodeMessageProperties(properties),
  });
}
