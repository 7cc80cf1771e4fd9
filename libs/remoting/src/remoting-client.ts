/**
 * RemotingClient: one Channel per remote `host:port`, opened lazily, shared by concurrent callers
 * (one connect in progress per address), reopened on the next call after it closed. Bounded:
 * channelsMax channels, inFlightMax invokes per channel, connectTimeoutMs per connect. Requests the
 * server initiates (NOTIFY_CONSUMER_IDS_CHANGED, ...) go to the handler given to setRequestHandler.
 */
import { EventEmitter } from 'node:events';
import { connect as netConnect, Socket } from 'node:net';
import { RemotingCommand } from '@rmq/protocol';
import { Channel, ChannelCloseReason, CLOSE_FLUSH_MS_DEFAULT, IDLE_TIMEOUT_MS_DEFAULT } from './channel';
import { ChannelLimitExceededError } from './errors/channel-limit-exceeded.error';
import { ConnectFailedError } from './errors/connect-failed.error';
import { ConnectTimeoutError } from './errors/connect-timeout.error';
import { ConnectionClosedError } from './errors/connection-closed.error';
import { RequestTimeoutError } from './errors/request-timeout.error';
import { FRAME_BYTES_MAX_DEFAULT } from './frame-splitter';
import { IN_FLIGHT_MAX_DEFAULT } from './in-flight-table';
import { PeriodicSweep, SWEEP_INTERVAL_MS_DEFAULT } from './periodic-sweep';
import { parseRemoteAddr } from './remote-addr';
import { MONOTONIC_CLOCK, RemotingClock } from './remoting-clock';
import { NOOP_REMOTING_LOGGER, RemotingLogger } from './remoting-logger';
import { RequestDispatcher, RequestHandler } from './request-dispatcher';

/** Java's NettyClientConfig.connectTimeoutMillis. */
export const CONNECT_TIMEOUT_MS_DEFAULT = 3_000;
export const CHANNELS_MAX_DEFAULT = 1024;
/** Server-initiated requests handled at once by a client. */
export const CLIENT_HANDLER_CONCURRENCY_MAX_DEFAULT = 64;

export interface RemotingClientOptions {
  connectTimeoutMs?: number;
  channelsMax?: number;
  /** Per channel. */
  inFlightMax?: number;
  frameBytesMax?: number;
  writeBufferBytesMax?: number;
  idleTimeoutMs?: number;
  handlerConcurrencyMax?: number;
  sweepIntervalMs?: number;
  closeFlushMs?: number;
  logger?: RemotingLogger;
  clock?: RemotingClock;
}

type ClientEvents = { connect: [Channel]; close: [Channel, ChannelCloseReason] };

export class RemotingClient extends EventEmitter<ClientEvents> {
  private readonly options: RemotingClientOptions;
  private readonly connectTimeoutMs: number;
  private readonly channelsMax: number;
  private readonly logger: RemotingLogger;
  private readonly clock: RemotingClock;
  private readonly dispatcher: RequestDispatcher;
  private readonly sweeper: PeriodicSweep;
  private readonly channels = new Map<string, Channel>();
  private readonly connecting = new Map<string, Promise<Channel>>();
  private readonly connectingSockets = new Set<Socket>();
  private closed = false;

  constructor(options: RemotingClientOptions = {}) {
    super();
    this.options = options;
    this.connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS_DEFAULT;
    this.channelsMax = options.channelsMax ?? CHANNELS_MAX_DEFAULT;
    this.logger = options.logger ?? NOOP_REMOTING_LOGGER;
    this.clock = options.clock ?? MONOTONIC_CLOCK;
    this.dispatcher = new RequestDispatcher({
      handlerConcurrencyMax: options.handlerConcurrencyMax ?? CLIENT_HANDLER_CONCURRENCY_MAX_DEFAULT,
      logger: this.logger,
    });
    this.sweeper = new PeriodicSweep(options.sweepIntervalMs ?? SWEEP_INTERVAL_MS_DEFAULT, () =>
      this.sweep(),
    );
  }

  /** Handles requests the server sends us; without one they are answered REQUEST_CODE_NOT_SUPPORTED. */
  setRequestHandler(handler: RequestHandler | undefined): void {
    this.dispatcher.setDefaultHandler(handler);
  }

  /** Sends a request and resolves with its response; timeoutMs covers connecting too. */
  async invoke(addr: string, request: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    const startMs = this.clock.nowMs();
    const timeout = (): RequestTimeoutError =>
      new RequestTimeoutError({ opaque: request.opaque, code: request.code, addr, timeoutMs });
    const channel = await this.channelFor(addr, timeoutMs, timeout);
    const deadlineMs = startMs + timeoutMs;
    if (this.clock.nowMs() >= deadlineMs) throw timeout();
    return channel.invokeUntil(request, timeoutMs, deadlineMs);
  }

  /** Sends a request with the ONEWAY flag; resolves once it is handed to the socket. */
  async invokeOneway(addr: string, request: RemotingCommand): Promise<void> {
    const channel = await this.getChannel(addr);
    channel.invokeOneway(request);
  }

  /** The open channel to addr, connecting (at most connectTimeoutMs) if needed. */
  getChannel(addr: string): Promise<Channel> {
    return this.channelFor(addr, undefined, undefined);
  }

  /** Addresses with an open channel. */
  channelAddrs(): string[] {
    return [...this.channels.keys()];
  }

  /**
   * getChannel() for a caller that waits at most waitMs; the connect itself, shared with other
   * callers, stays bounded by connectTimeoutMs.
   */
  private async channelFor(addr: string, waitMs?: number, onWaitTimeout?: () => Error): Promise<Channel> {
    if (this.closed) throw new ConnectionClosedError(addr, 'client closed');
    const open = this.channels.get(addr);
    if (open?.isOpen) return open;
    let connecting = this.connecting.get(addr);
    if (connecting === undefined) {
      if (this.channels.size + this.connecting.size >= this.channelsMax) {
        throw new ChannelLimitExceededError(addr, this.channelsMax);
      }
      connecting = this.connect(addr).finally(() => this.connecting.delete(addr));
      this.connecting.set(addr, connecting);
    }
    if (waitMs === undefined || waitMs >= this.connectTimeoutMs) return connecting;
    return raceTimeout(connecting, waitMs, onWaitTimeout ?? (() => new ConnectTimeoutError(addr, waitMs)));
  }

  /** Closes the channel to addr, if any; the next call to addr reconnects. */
  async closeChannel(addr: string): Promise<void> {
    await this.channels.get(addr)?.close();
  }

  /** Refuses new calls, aborts connects, closes every channel (pending invokes reject). */
  async close(): Promise<void> {
    this.closed = true;
    this.dispatcher.startDraining();
    for (const socket of this.connectingSockets) socket.destroy();
    await Promise.allSettled([...this.connecting.values()]);
    await Promise.all([...this.channels.values()].map((channel) => channel.close()));
    this.sweeper.stop();
  }

  private connect(addr: string): Promise<Channel> {
    const { host, port } = parseRemoteAddr(addr);
    return new Promise<Channel>((resolve, reject) => {
      const socket = netConnect({ host, port });
      this.connectingSockets.add(socket);
      const settle = (err: Error | undefined): void => {
        clearTimeout(timer);
        this.connectingSockets.delete(socket);
        socket.removeAllListeners();
        if (err === undefined && this.closed) err = new ConnectionClosedError(addr, 'client closed');
        if (err === undefined) {
          resolve(this.adopt(addr, socket));
        } else {
          socket.on('error', () => undefined); // a late error of an abandoned socket is not news
          socket.destroy();
          reject(err);
        }
      };
      const timer = setTimeout(
        () => settle(new ConnectTimeoutError(addr, this.connectTimeoutMs)),
        this.connectTimeoutMs,
      );
      socket.once('connect', () => settle(undefined));
      socket.once('error', (err) => settle(new ConnectFailedError(addr, err)));
      socket.once('close', () => settle(new ConnectionClosedError(addr, 'closed while connecting')));
    });
  }

  private adopt(addr: string, socket: Socket): Channel {
    const channel = new Channel(socket, {
      frameBytesMax: this.options.frameBytesMax ?? FRAME_BYTES_MAX_DEFAULT,
      writeBufferBytesMax: this.options.writeBufferBytesMax,
      inFlightMax: this.options.inFlightMax ?? IN_FLIGHT_MAX_DEFAULT,
      idleTimeoutMs: this.options.idleTimeoutMs ?? IDLE_TIMEOUT_MS_DEFAULT,
      closeFlushMs: this.options.closeFlushMs ?? CLOSE_FLUSH_MS_DEFAULT,
      logger: this.logger,
      clock: this.clock,
      onRequest: (request, ch) => this.dispatcher.dispatch(request, ch),
    });
    this.channels.set(addr, channel);
    channel.once('close', (reason) => {
      if (this.channels.get(addr) === channel) this.channels.delete(addr);
      this.logger.debug({ channelId: channel.id, addr, reason }, 'client channel closed');
      this.emit('close', channel, reason);
    });
    this.sweeper.start();
    this.logger.debug({ channelId: channel.id, addr }, 'client channel connected');
    this.emit('connect', channel);
    return channel;
  }

  private sweep(): void {
    const nowMs = this.clock.nowMs();
    for (const channel of this.channels.values()) channel.sweep(nowMs);
  }
}

/** Waits for promise at most timeoutMs; the promise itself keeps running. */
function raceTimeout<T>(promise: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), Math.max(0, timeoutMs));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
