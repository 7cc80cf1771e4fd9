/**
 * A raw TCP peer for protocol tests on 127.0.0.1: write arbitrary bytes (garbage, oversize
 * prefixes), collect what comes back, and observe when the other side closes.
 */
import { connect, Socket } from 'node:net';

export interface RawTcpPeer {
  socket: Socket;
  /** Every byte received so far. */
  received(): Buffer;
  /** True once the socket closed (either side). */
  isClosed(): boolean;
  /** Resolves when the socket closes; rejects after timeoutMs. */
  whenClosed(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

/** Connects to 127.0.0.1:port; rejects after timeoutMs (default 2 s). */
export function connectRawTcp(port: number, timeoutMs = 2_000): Promise<RawTcpPeer> {
  return new Promise<RawTcpPeer>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let closed = false;
    const closedPromise = new Promise<void>((done) => socket.once('close', () => ((closed = true), done())));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // resets are expected in these tests; 'close' follows
    const onConnectError = (err: Error): void => (clearTimeout(timer), reject(err));
    socket.once('error', onConnectError);
    const timer = setTimeout(
      () => (socket.destroy(), reject(new Error(`connect to ${port} timed out`))),
      timeoutMs,
    );
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onConnectError);
      resolve({
        socket,
        received: () => Buffer.concat(chunks),
        isClosed: () => closed,
        whenClosed: (waitMs = 2_000) => withTimeout(closedPromise, waitMs, `socket to ${port} did not close`),
        destroy: () => socket.destroy(),
      });
    });
  });
}

function withTimeout(promise: Promise<void>, timeoutMs: number, message: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${message} within ${timeoutMs} ms`)), timeoutMs);
    promise.then(() => (clearTimeout(timer), resolve()));
  });
}

/**
 * Writes one request frame and resolves with the next whole frame (length prefix included) the
 * server sends after it. Meant for one request at a time on a peer.
 */
export async function exchangeFrame(peer: RawTcpPeer, request: Buffer, timeoutMs = 5_000): Promise<Buffer> {
  const start = peer.received().length;
  peer.socket.write(request);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const bytes = peer.received().subarray(start);
    if (bytes.length >= 4 && bytes.length >= 4 + bytes.readInt32BE(0))
      return bytes.subarray(0, 4 + bytes.readInt32BE(0));
    if (peer.isClosed()) throw new Error('connection closed before a whole response frame arrived');
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no whole response frame within ${timeoutMs} ms`);
}
