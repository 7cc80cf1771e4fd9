/**
 * The peer stopped reading: the socket's unsent bytes would exceed writeBufferBytesMax. The write
 * fails and the channel is closed, so one slow peer cannot hold unbounded memory.
 */
import { RmqError } from '@rmq/protocol';

export class WriteBufferFullError extends RmqError {
  constructor(addr: string, pendingBytes: number, writeBufferBytesMax: number) {
    super(
      'WRITE_BUFFER_FULL',
      2,
      `${pendingBytes} bytes pending to ${addr} exceed writeBufferBytesMax ${writeBufferBytesMax}`,
      { retriable: true, context: { addr, pendingBytes, writeBufferBytesMax } },
    );
  }
}
