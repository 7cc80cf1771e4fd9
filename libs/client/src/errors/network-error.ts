/**
 * Which failures are the network's (peer unreachable, slow or gone) rather than an answer: those
 * make the client rotate NameServers and retry another broker.
 */
import {
  ChannelLimitExceededError,
  ConnectFailedError,
  ConnectionClosedError,
  ConnectTimeoutError,
  InFlightLimitExceededError,
  InvalidAddressError,
  RequestTimeoutError,
  WriteBufferFullError,
} from '@rmq/remoting';

export function isNetworkError(err: unknown): boolean {
  return (
    err instanceof RequestTimeoutError ||
    err instanceof ConnectionClosedError ||
    err instanceof ConnectFailedError ||
    err instanceof ConnectTimeoutError ||
    err instanceof InFlightLimitExceededError ||
    err instanceof WriteBufferFullError ||
    err instanceof ChannelLimitExceededError ||
    err instanceof InvalidAddressError
  );
}
