/**
 * The response codes the remoting layer itself answers with (Java's RemotingSysResponseCode,
 * protocol.md §2.1). Local until @rmq/protocol exports its full ResponseCode table.
 */
export const RemotingSysResponseCode = {
  SUCCESS: 0,
  SYSTEM_ERROR: 1,
  SYSTEM_BUSY: 2,
  REQUEST_CODE_NOT_SUPPORTED: 3,
} as const;

/** Remark of the SYSTEM_BUSY reply when the handler limit is reached (as NettyRemotingAbstract). */
export const SYSTEM_BUSY_REMARK = '[OVERLOAD]system busy, start flow control for a while';

/** Remark of the SYSTEM_BUSY reply to requests that arrive while the server is closing. */
export const SHUTTING_DOWN_REMARK = '[SHUTDOWN]server is shutting down';

/** Remark of REQUEST_CODE_NOT_SUPPORTED, with the reference broker's leading space. */
export function requestCodeNotSupportedRemark(code: number): string {
  return ` request type ${code} not supported`;
}
