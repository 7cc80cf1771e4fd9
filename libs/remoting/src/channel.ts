/**
 * Channel: one TCP connection carrying RemotingCommands both ways. Reads go through the splitter;
 * responses complete this channel's in-flight table, requests go to onRequest. Invariants: a
 * malformed frame closes only this channel; unsent bytes never exceed writeBufferBytesMax (a write
 * beyond it fails with WriteBufferFullError and closes the channel: the peer stopped reading);
 * 'close' is emitted exactly once, after every pending invoke was rejected.
 */
import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import {
  decodeCommand,
  encodeCommand,
  isOneway,
  isResponse,
  RemotingCommand,
  RemotingFlag,
} from '@rmq/protocol';
import { ConnectionClosedError } from './errors/connection-closed.error';
import { FrameTooLargeError } from './errors/frame-too-large.error';
import { WriteBufferFullError } from './errors/write-buffer-full.error';
import { FRAME_BYTES_MAX_DEFAULT, FrameSplitter } from './frame-splitter';
import { InFlightTable } from './in-flight-table';
import { MONOTONIC_CLOCK, RemotingClock } from './remoting-clock';
import { NOOP_REMOTING_LOGGER, RemotingLogger } from './remoting-logger';
import { formatRemoteAddr } from './remote-addr';

/** Unsent bytes a peer may leave us holding before we give up on it. */
export const WRITE_BUFFER_BYTES_MAX_DEFAULT = 64 * 1024 * 1024;
/** RocketMQ's server/clientChannelMaxIdleTimeSeconds (protocol.md §1.4). */
export const IDLE_TIMEOUT_MS_DEFAULT = 120_000;
/** How long close() lets queued bytes drain before destroying the socket. */
export const CLOSE_FLUSH_MS_DEFAULT = 1_000;
/**
 * Frames handled per event-loop turn; the rest of a read wait for the next turn, with the socket
 * paused. Without it, the 64 requests that 64 senders' corked writes bring in one read are handled
 * in one turn and answered in one write, so client and broker take turns instead of working at once
 * (measured: 64 senders on one connection, 29-32k -> 35-41k msg/s). It also keeps one busy
 * connection from holding the event loop for a whole read.
 */
export const FRAMES_PER_TURN_MAX_DEFAULT = 16;

/** Why a channel closed: by us, by the peer, idle, a broken frame, a peer not reading, a socket error. */
export type ChannelCloseReason = 'local' | 'peer' | 'idle' | 'malformed' | 'backpressure' | 'error';

export interface ChannelOptions {
  frameBytesMax?: number;
  writeBufferBytesMax?: number;
  inFlightMax?: number;
  /** Closed by sweep() when no byte was read for this long. */
  idleTimeoutMs?: number;
  closeFlushMs?: number;
  /** See FRAMES_PER_TURN_MAX_DEFAULT. */
  framesPerTurnMax?: number;
  logger?: RemotingLogger;
  clock?: RemotingClock;
  /** Every request frame read from the peer (responses go to the in-flight table). */
  onRequest?: (request: RemotingCommand, channel: Channel) => void;
}

let lastChannelId = 0;

export class Channel extends EventEmitter<{ close: [ChannelCloseReason] }> {
  readonly id: number;
  /** `ip:port` of the peer (`[ip]:port` for IPv6). */
  readonly remoteAddr: string;
  readonly closed: Promise<void>;
  private readonly splitter: FrameSplitter;
  private readonly inFlight: InFlightTable;
  private readonly frameBytesMax: number;
  private readonly writeBufferBytesMax: number;
  private readonly idleTimeoutMs: number;
  private readonly closeFlushMs: number;
  private readonly framesPerTurnMax: number;
  private readonly logger: RemotingLogger;
  private readonly clock: RemotingClock;
  private readonly onRequest: (request: RemotingCommand, channel: Channel) => void;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private corked = false;
  private closeReason: ChannelCloseReason | undefined;
  private lastReadAtMs: number;
  private finished = false;
  private markClosed: () => void = () => undefined;
  /** Frames read and not yet handled (at most one read's worth: the socket is paused meanwhile). */
  private pendingFrames: Buffer[] = [];
  private pendingHead = 0;
  private drainScheduled = false;
  /** The framing error met after the pending frames; the channel closes once they are handled. */
  private pendingFailure: unknown;
  private readonly drainOnImmediate = (): void => {
    this.drainScheduled = false;
    this.drainFrames();
  };

  /** `socket` must be connected. The channel owns it from now on. */
  constructor(
    private readonly socket: Socket,
    options: ChannelOptions = {},
  ) {
    super();
    this.id = ++lastChannelId;
    this.remoteAddr = formatRemoteAddr(socket.remoteAddress, socket.remotePort);
    this.frameBytesMax = options.frameBytesMax ?? FRAME_BYTES_MAX_DEFAULT;
    this.writeBufferBytesMax = options.writeBufferBytesMax ?? WRITE_BUFFER_BYTES_MAX_DEFAULT;
    this.idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS_DEFAULT;
    this.closeFlushMs = options.closeFlushMs ?? CLOSE_FLUSH_MS_DEFAULT;
    this.framesPerTurnMax = options.framesPerTurnMax ?? FRAMES_PER_TURN_MAX_DEFAULT;
    if (!Number.isInteger(this.framesPerTurnMax) || this.framesPerTurnMax < 1) {
      throw new RangeError(`framesPerTurnMax must be a positive integer, got ${this.framesPerTurnMax}`);
    }
    this.logger = options.logger ?? NOOP_REMOTING_LOGGER;
    this.clock = options.clock ?? MONOTONIC_CLOCK;
    this.onRequest = options.onRequest ?? (() => undefined);
    this.splitter = new FrameSplitter(this.frameBytesMax);
    this.inFlight = new InFlightTable({
      addr: this.remoteAddr,
      inFlightMax: options.inFlightMax,
      logger: this.logger,
    });
    this.lastReadAtMs = this.clock.nowMs();
    this.closed = new Promise<void>((resolve) => (this.markClosed = resolve));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.onSocketError(err));
    socket.on('close', () => this.onSocketClose());
    if (socket.destroyed) queueMicrotask(() => this.onSocketClose());
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Writes one command as is. Throws ConnectionClosedError, FrameTooLargeError or WriteBufferFullError. */
  send(cmd: RemotingCommand): void {
    if (this.state !== 'open') {
      throw new ConnectionClosedError(this.remoteAddr, this.closeReason ?? 'closing');
    }
    const frame = encodeCommand(cmd);
    if (frame.length > this.frameBytesMax) {
      throw new FrameTooLargeError(frame.length, this.frameBytesMax, {
        addr: this.remoteAddr,
        code: cmd.code,
      });
    }
    const pendingBytes = this.socket.writableLength + frame.length;
    if (pendingBytes > this.writeBufferBytesMax) {
      const err = new WriteBufferFullError(this.remoteAddr, pendingBytes, this.writeBufferBytesMax);
      this.logger.warn({ channelId: this.id, addr: this.remoteAddr, pendingBytes }, err.message);
      this.destroy('backpressure');
      throw err;
    }
    this.corkUntilNextTurn();
    this.socket.write(frame);
  }

  /**
   * Frames written in one event-loop turn leave in one writev: under load a broker answers many
   * requests per turn, and a syscall per frame costs more than building it.
   */
  private corkUntilNextTurn(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    setImmediate(() => {
      this.corked = false;
      this.socket.uncork();
    });
  }

  /** Sends a two-way request and resolves with its response, or rejects (timeout, close, limits). */
  invoke(request: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    return this.invokeUntil(request, timeoutMs, this.clock.nowMs() + timeoutMs);
  }

  /** invoke() with an absolute deadline (clock ms), for callers that spent part of timeoutMs already. */
  async invokeUntil(
    request: RemotingCommand,
    timeoutMs: number,
    deadlineMs: number,
  ): Promise<RemotingCommand> {
    if (isResponse(request) || isOneway(request)) {
      throw new Error(`invoke needs a two-way request, got flag ${request.flag} (code ${request.code})`);
    }
    const response = this.inFlight.add(request.opaque, request.code, timeoutMs, deadlineMs);
    try {
      this.send(request);
    } catch (err) {
      this.inFlight.fail(request.opaque, err instanceof Error ? err : new Error(String(err)));
    }
    return response;
  }

  /** Sends a request with the ONEWAY flag set (on a copy); the peer sends no response. */
  invokeOneway(request: RemotingCommand): void {
    this.send({ ...request, flag: request.flag | RemotingFlag.ONEWAY });
  }

  /**
   * Closes after letting queued writes drain for at most closeFlushMs. Resolves once closed and
   * every pending invoke was rejected with ConnectionClosedError.
   */
  close(): Promise<void> {
    if (this.state !== 'open') return this.closed;
    this.state = 'closing';
    this.closeReason = 'local';
    const flushTimer = setTimeout(() => this.destroy('local'), this.closeFlushMs);
    flushTimer.unref();
    this.socket.end(() => this.destroy('local'));
    return this.closed;
  }

  /** Closes at once, dropping unsent bytes. */
  destroy(reason: ChannelCloseReason = 'local'): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closeReason ??= reason;
    this.socket.destroy();
  }

  /** Called from the owner's periodic timer: times out expired invokes and closes an idle channel. */
  sweep(nowMs: number): void {
    this.inFlight.sweep(nowMs);
    if (this.state === 'open' && nowMs - this.lastReadAtMs >= this.idleTimeoutMs) {
      this.logger.info(
        { channelId: this.id, addr: this.remoteAddr, idleTimeoutMs: this.idleTimeoutMs },
        'idle channel closed',
      );
      this.destroy('idle');
    }
  }

  private onData(chunk: Buffer): void {
    this.lastReadAtMs = this.clock.nowMs();
    if (this.pendingFailure !== undefined) return;
    try {
      this.splitter.push(chunk, (frame) => this.pendingFrames.push(frame));
    } catch (err) {
      // Frames before the broken one are still handled, in order; then the channel closes.
      this.pendingFailure = err;
    }
    if (!this.drainScheduled) this.drainFrames();
  }

  /** Handles up to framesPerTurnMax pending frames; leaves the rest for the next turn, not reading meanwhile. */
  private drainFrames(): void {
    const frames = this.pendingFrames;
    const stopAt = Math.min(frames.length, this.pendingHead + this.framesPerTurnMax);
    while (this.pendingHead < stopAt) {
      const frame = frames[this.pendingHead] as Buffer;
      this.pendingHead += 1;
      this.onFrame(frame);
    }
    if (this.pendingHead < frames.length && this.state !== 'closed') {
      this.drainScheduled = true;
      this.socket.pause();
      setImmediate(this.drainOnImmediate);
      return;
    }
    this.pendingFrames = [];
    this.pendingHead = 0;
    if (this.pendingFailure !== undefined) {
      this.onMalformed(this.pendingFailure);
      return;
    }
    if (this.socket.isPaused()) this.socket.resume();
  }

  private onFrame(frame: Buffer): void {
    if (this.state === 'closed') return;
    let cmd: RemotingCommand;
    try {
      cmd = decodeCommand(frame);
    } catch (err) {
      this.onMalformed(err);
      return;
    }
    if (isResponse(cmd)) this.inFlight.complete(cmd);
    else if (this.state === 'open') this.deliverRequest(cmd);
  }

  private deliverRequest(request: RemotingCommand): void {
    try {
      this.onRequest(request, this);
    } catch (err) {
      // onRequest is the dispatcher, which catches handler errors itself: this is a bug.
      this.logger.error(
        { channelId: this.id, addr: this.remoteAddr, code: request.code, err },
        'onRequest threw',
      );
    }
  }

  private onMalformed(err: unknown): void {
    const reason = err instanceof Error ? err.message : String(err);
    this.logger.warn(
      { channelId: this.id, addr: this.remoteAddr, reason },
      'malformed frame; closing the channel',
    );
    this.destroy('malformed');
  }

  private onSocketError(err: Error): void {
    this.logger.debug({ channelId: this.id, addr: this.remoteAddr, err: err.message }, 'socket error');
    this.closeReason ??= 'error';
  }

  private onSocketClose(): void {
    if (this.finished) return;
    this.finished = true;
    this.state = 'closed';
    const reason = this.closeReason ?? 'peer';
    this.closeReason = reason;
    this.inFlight.rejectAll(new ConnectionClosedError(this.remoteAddr, reason, { channelId: this.id }));
    this.emit('close', reason);
    this.markClosed();
  }
}
