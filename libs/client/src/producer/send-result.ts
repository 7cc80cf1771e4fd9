/**
 * SendResult as Java's client reports it: SEND_OK, or one of the three "stored but degraded"
 * outcomes (codes 10, 11, 12). msgId is the client's UNIQ_KEY (comma-joined for a batch);
 * offsetMsgId is the broker's offset msgId (also comma-joined for a batch).
 */
import { MessageQueue, RemotingCommand, ResponseCode, SendMessageResponseHeader } from '@rmq/protocol';
import { MQBrokerError } from '../errors/mq-broker.error';

export type SendStatus = 'SEND_OK' | 'FLUSH_DISK_TIMEOUT' | 'FLUSH_SLAVE_TIMEOUT' | 'SLAVE_NOT_AVAILABLE';

export interface SendResult {
  sendStatus: SendStatus;
  msgId: string;
  offsetMsgId: string;
  messageQueue: MessageQueue;
  queueOffset: number;
  transactionId?: string;
  regionId: string;
  traceOn: boolean;
}

/** Java's DefaultMQProducer.retryResponseCodes: answers worth trying another broker for. */
export const RETRY_RESPONSE_CODES: readonly number[] = [
  ResponseCode.TOPIC_NOT_EXIST,
  ResponseCode.SERVICE_NOT_AVAILABLE,
  ResponseCode.SYSTEM_ERROR,
  ResponseCode.NO_PERMISSION,
  ResponseCode.NO_BUYER_ID,
  ResponseCode.NOT_IN_CURRENT_UNIT,
];

function sendStatusOf(code: number): SendStatus | undefined {
  switch (code) {
    case ResponseCode.SUCCESS:
      return 'SEND_OK';
    case ResponseCode.FLUSH_DISK_TIMEOUT:
      return 'FLUSH_DISK_TIMEOUT';
    case ResponseCode.FLUSH_SLAVE_TIMEOUT:
      return 'FLUSH_SLAVE_TIMEOUT';
    case ResponseCode.SLAVE_NOT_AVAILABLE:
      return 'SLAVE_NOT_AVAILABLE';
    default:
      return undefined;
  }
}

/** Turns a send response into a SendResult, or throws MQBrokerError for a failure code. */
export function processSendResponse(
  response: RemotingCommand,
  brokerAddr: string,
  requestCode: number,
  sent: { topic: string; brokerName: string; uniqKey: string },
): SendResult {
  const sendStatus = sendStatusOf(response.code);
  if (sendStatus === undefined)
    throw new MQBrokerError(response.code, response.remark, brokerAddr, requestCode);
  const header = SendMessageResponseHeader.decode(response.extFields);
  const result: SendResult = {
    sendStatus,
    msgId: sent.uniqKey,
    offsetMsgId: header.msgId,
    messageQueue: { topic: sent.topic, brokerName: sent.brokerName, queueId: header.queueId },
    queueOffset: header.queueOffset,
    regionId: header.MSG_REGION ?? 'DefaultRegion',
    traceOn: header.TRACE_ON !== 'false',
  };
  if (header.transactionId !== undefined) result.transactionId = header.transactionId;
  return result;
}
