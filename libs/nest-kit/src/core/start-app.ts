/**
 * Starts an app the same way everywhere: Nest HTTP server (ops + REST), optionally the remoting
 * transport, the one error filter, and a graceful stop on SIGTERM/SIGINT that finishes requests in
 * progress, then exits. A stop that hangs past its deadline exits non-zero rather than linger.
 */
import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from '@rmq/observability';
import { AllErrorsFilter } from '../errors/all-errors.filter';
import { PinoNestLogger } from '../logging/pino-nest-logger';
import { RemotingTransportOptions, RemotingTransportServer } from '../transport/remoting-transport.server';

const SHUTDOWN_EXTRA_MS = 5_000;

export interface StartAppOptions {
  module: Type | DynamicModule;
  logger: Logger;
  http: { port: number; host: string };
  remoting?: RemotingTransportOptions;
  /** Work to do before the servers stop taking requests (answer held requests, unregister). */
  beforeClose?: () => Promise<void>;
  /** Work to do after the servers stopped (flush stores). */
  beforeExit?: () => Promise<void>;
}

export interface RunningApp {
  app: INestApplication;
  transport?: RemotingTransportServer;
  httpPort: number;
  stop(reason: string): Promise<void>;
}

export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const { logger } = options;
  const app = await NestFactory.create(options.module, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.useGlobalFilters(new AllErrorsFilter(logger));
  let transport: RemotingTransportServer | undefined;
  if (options.remoting) {
    transport = new RemotingTransportServer(options.remoting, logger);
    app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  await app.listen(options.http.port, options.http.host);
  const httpPort = (app.getHttpServer().address() as { port: number }).port;
  logger.info({ httpPort, host: options.http.host }, 'http server listening');

  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ reason }, 'shutting down: finishing requests in progress');
      await options.beforeClose?.();
      await app.close();
      await options.beforeExit?.();
      logger.info('stopped');
    })();
    return stopping;
  };
  const running: RunningApp = { app, httpPort, stop };
  if (transport) running.transport = transport;
  return running;
}

/** Wires SIGTERM/SIGINT to a graceful stop and process exit, with a hard deadline. */
export function exitOnSignals(running: RunningApp, logger: Logger, graceMs: number): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    const deadline = setTimeout(() => {
      logger.error({ signal, graceMs }, 'graceful stop did not finish in time; exiting');
      process.exit(1);
    }, graceMs + SHUTDOWN_EXTRA_MS);
    deadline.unref();
    running.stop(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

/** Runs an app's async main; a failure to start is printed and exits 1. */
export function runMain(app: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(
      `${app} failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  });
}
