/**
 * RemotingServer: accepts connections on node:net, wraps each in a Channel and routes its requests
 * through a RequestDispatcher. Tracks every open channel so close() really ends all work: stop
 * accepting, let running handlers finish (up to graceMs), then close every socket.
 */
import { EventEmitter } from 'node:events';
import { createServer, Server, Socket } from 'node:net';
import { RemotingCommand } from '@rmq/protocol';
import { Channel, ChannelCloseReason, CLOSE_FLUSH_MS_DEFAULT, IDLE_TIMEOUT_MS_DEFAULT } from './channel';
import { FRAME_BYTES_MAX_DEFAULT } from './frame-splitter';
import { PeriodicSweep, SWEEP_INTERVAL_MS_DEFAULT } from './periodic-sweep';
import { MONOTONIC_CLOCK, RemotingClock } from './remoting-clock';
import { NOOP_REMOTING_LOGGER, RemotingLogger } from './remoting-logger';
import { RequestDispatcher, RequestDispatcherStats, RequestHandler } from './request-dispatcher';

export const CONNECTIONS_MAX_DEFAULT = 10_000;
/** In-flight server-initiated invokes per channel (broker -> client calls are rare). */
export const SERVER_IN_FLIGHT_MAX_DEFAULT = 1024;
export const CLOSE_GRACE_MS_DEFAULT = 5_000;

export interface RemotingServerOptions {
  /** 0 picks a free port; listen() reports it. */
  port: number;
  /** Defaults to all interfaces. */
  host?: string;
  frameBytesMax?: number;
  handlerConcurrencyMax?: number;
  idleTimeoutMs?: number;
  connectionsMax?: number;
  writeBufferBytesMax?: number;
  /** Per channel, for server-initiated invokes. */
  inFlightMax?: number;
  sweepIntervalMs?: number;
  closeFlushMs?: number;
  logger?: RemotingLogger;
  clock?: RemotingClock;
}

export interface RemotingServerStats extends RequestDispatcherStats {
  /** Open now. */
  connections: number;
  connectionsAccepted: number;
  malformedFrameCloses: number;
  idleCloses: number;
}

type ServerEvents = { connect: [Channel]; close: [Channel, ChannelCloseReason] };

export class RemotingServer extends EventEmitter<ServerEvents> {
  private readonly options: RemotingServerOptions;
  private readonly logger: RemotingLogger;
  private readonly clock: RemotingClock;
  private readonly dispatcher: RequestDispatcher;
  private readonly sweeper: PeriodicSweep;
  private readonly channels = new Set<Channel>();
  private server: Server | undefined;
  private closing: Promise<void> | undefined;
  private connectionsAccepted = 0;
  private malformedFrameCloses = 0;
  private idleCloses = 0;

  constructor(options: RemotingServerOptions) {
    super();
    this.options = options;
    this.logger = options.logger ?? NOOP_REMOTING_LOGGER;
    this.clock = options.clock ?? MONOTONIC_CLOCK;
    this.dispatcher = new RequestDispatcher({
      handlerConcurrencyMax: options.handlerConcurrencyMax,
      logger: this.logger,
    });
    this.sweeper = new PeriodicSweep(options.sweepIntervalMs ?? SWEEP_INTERVAL_MS_DEFAULT, () =>
      this.sweep(),
    );
  }

  registerHandler(code: number, handler: RequestHandler): this {
    this.dispatcher.registerHandler(code, handler);
    return this;
  }

  setDefaultHandler(handler: RequestHandler): this {
    this.dispatcher.setDefaultHandler(handler);
    return this;
  }

  /** Channels open now (a copy). */
  channelList(): Channel[] {
    return [...this.channels];
  }

  stats(): RemotingServerStats {
    return {
      ...this.dispatcher.stats(),
      connections: this.channels.size,
      connectionsAccepted: this.connectionsAccepted,
      malformedFrameCloses: this.malformedFrameCloses,
      idleCloses: this.idleCloses,
    };
  }

  listen(): Promise<{ port: number }> {
    if (this.server !== undefined) throw new Error('RemotingServer.listen() called twice');
    const server = createServer((socket) => this.onConnection(socket));
    server.maxConnections = this.options.connectionsMax ?? CONNECTIONS_MAX_DEFAULT;
    this.server = server;
    return new Promise<{ port: number }>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        server.on('error', (err) => this.logger.error({ err }, 'remoting server error'));
        const address = server.address();
        const port = typeof address === 'object' && address !== null ? address.port : this.options.port;
        this.sweeper.start();
        this.logger.info({ host: this.options.host, port }, 'remoting server listening');
        resolve({ port });
      });
    });
  }

  /**
   * Stops accepting; requests arriving from now on get SYSTEM_BUSY; waits up to graceMs for running
   * handlers, then closes every channel. Resolves when all sockets and the listener are closed.
   */
  close(options: { graceMs?: number } = {}): Promise<void> {
    this.closing ??= this.shutdown(options.graceMs ?? CLOSE_GRACE_MS_DEFAULT);
    return this.closing;
  }

  private async shutdown(graceMs: number): Promise<void> {
    this.dispatcher.startDraining();
    const server = this.server;
    const listenerClosed = new Promise<void>((resolve) => {
      if (server === undefined || !server.listening) resolve();
      else server.close(() => resolve());
    });
    const drained = await this.dispatcher.whenIdle(graceMs);
    if (!drained) {
      this.logger.warn(
        { handlersActive: this.dispatcher.activeCount, graceMs },
        'handlers still running; closing anyway',
      );
    }
    await Promise.all([...this.channels].map((channel) => channel.close()));
    await listenerClosed;
    this.sweeper.stop();
    this.logger.info({}, 'remoting server closed');
  }

  private onConnection(socket: Socket): void {
    if (this.closing !== undefined) {
      socket.destroy();
      return;
    }
    const channel = new Channel(socket, {
      frameBytesMax: this.options.frameBytesMax ?? FRAME_BYTES_MAX_DEFAULT,
      writeBufferBytesMax: this.options.writeBufferBytesMax,
      inFlightMax: this.options.inFlightMax ?? SERVER_IN_FLIGHT_MAX_DEFAULT,
      idleTimeoutMs: this.options.idleTimeoutMs ?? IDLE_TIMEOUT_MS_DEFAULT,
      closeFlushMs: this.options.closeFlushMs ?? CLOSE_FLUSH_MS_DEFAULT,
      logger: this.logger,
      clock: this.clock,
      onRequest: (request: RemotingCommand, ch: Channel) => this.dispatcher.dispatch(request, ch),
    });
    this.connectionsAccepted += 1;
    this.channels.add(channel);
    channel.once('close', (reason) => this.onChannelClose(channel, reason));
    this.logger.debug({ channelId: channel.id, addr: channel.remoteAddr }, 'connection accepted');
    this.emit('connect', channel);
  }

  private onChannelClose(channel: Channel, reason: ChannelCloseReason): void {
    this.channels.delete(channel);
    if (reason === 'malformed') this.malformedFrameCloses += 1;
    if (reason === 'idle') this.idleCloses += 1;
    this.logger.debug({ channelId: channel.id, addr: channel.remoteAddr, reason }, 'connection closed');
    this.emit('close', channel, reason);
  }

  private sweep(): void {
    const nowMs = this.clock.nowMs();
    for (const channel of this.channels) channel.sweep(nowMs);
  }
}
