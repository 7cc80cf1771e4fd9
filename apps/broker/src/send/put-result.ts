/**
 * What a store put means to a sending client (RocketMQ's SendMessageProcessor.handlePutMessageResult):
 * PUT_OK and the three "stored, but" statuses are answers with a send-result header; every refusal
 * is a typed error with its ResponseCode.
 */
import { ResponseCode, RmqError } from '@rmq/protocol';
import type { PutMessageResult } from '@rmq/store';

export class PutRefusedError extends RmqError {
  constructor(code: string, responseCode: number, message: string) {
    super(code, responseCode, message, { retriable: responseCode !== ResponseCode.MESSAGE_ILLEGAL });
  }
}

/** The response code of a stored put; throws PutRefusedError for a refusal. */
export function storedResponseCode(result: PutMessageResult): number {
  switch (result.status) {
    case 'PUT_OK':
      return ResponseCode.SUCCESS;
    case 'FLUSH_DISK_TIMEOUT':
      return ResponseCode.FLUSH_DISK_TIMEOUT;
    case 'FLUSH_SLAVE_TIMEOUT':
      return ResponseCode.FLUSH_SLAVE_TIMEOUT;
    case 'SLAVE_NOT_AVAILABLE':
      return ResponseCode.SLAVE_NOT_AVAILABLE;
    default:
      throw refusalOf(result);
  }
}

function refusalOf(result: PutMessageResult): PutRefusedError {
  const why = result.remark === undefined ? '' : `: ${result.remark}`;
  switch (result.status) {
    case 'CREATE_MAPEDFILE_FAILED':
      return new PutRefusedError(result.status, ResponseCode.SYSTEM_ERROR, `create mapped file failed${why}`);
    case 'MESSAGE_ILLEGAL':
    case 'PROPERTIES_SIZE_EXCEEDED':
      return new PutRefusedError(result.status, ResponseCode.MESSAGE_ILLEGAL, `the message is illegal${why}`);
    case 'SERVICE_NOT_AVAILABLE':
      return new PutRefusedError(
        result.status,
        ResponseCode.SERVICE_NOT_AVAILABLE,
        `service not available now (disk full, slave, or shutting down)${why}`,
      );
    case 'OS_PAGECACHE_BUSY':
      return new PutRefusedError(
        result.status,
        ResponseCode.SYSTEM_ERROR,
        `[PC_SYNCHRONIZED]broker busy${why}`,
      );
    default:
      return new PutRefusedError(result.status, ResponseCode.SYSTEM_ERROR, `UNKNOWN_ERROR${why}`);
  }
}
