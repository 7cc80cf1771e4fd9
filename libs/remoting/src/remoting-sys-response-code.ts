/**
 * The response codes the remoting layer itself answers with (Java's RemotingSysResponseCode,
 * protocol.md §2.1), taken from the protocol's ResponseCode table, and their remarks.
 */
import { ResponseCode } from '@rmq/protocol';

export const RemotingSysResponseCode = {
  SUCCESS: ResponseCode.SUCCESS,
  SYSTEM_ERROR: ResponseCode.SYSTEM_ERROR,
  SYSTEM_BUSY: ResponseCode.SYSTEM_BUSY,
  REQUEST_CODE_NOT_SUPPORTED: ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
} as const;

/** Remark of the SYSTEM_BUSY reply when the handler limit is reached (as NettyRemotingAbstract). */
export const SYSTEM_BUSY_REMARK = '[OVERLOAD]system busy, start flow control for a while';

/** Remark of the SYSTEM_BUSY reply to requests that arrive while the server is closing. */
export const SHUTTING_DOWN_REMARK = '[SHUTDOWN]server is shutting down';

/** Remark of REQUEST_CODE_NOT_SUPPORTED, with the reference broker's leading space. */
export function requestCodeNotSupportedRemark(code: number): string {
  return ` request type ${code} not supported`;
}
