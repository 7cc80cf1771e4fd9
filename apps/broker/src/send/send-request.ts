/** A decoded send request as the send service needs it, whatever code (10, 310, 320) carried it. */
import type { SendMessageRequestHeader, SocketAddress } from '@rmq/protocol';

export interface SendRequest {
  header: SendMessageRequestHeader;
  body: Buffer;
  /** The RemotingCommand version of the request (client version). */
  requestVersion: number;
  /** The producer's TCP peer address (BORNHOST). */
  bornHost: SocketAddress;
  /** brokerIP1:listenPort (STOREHOST). */
  storeHost: SocketAddress;
}
