/**
 * Apps whose issue has not landed yet (broker skeleton, ha-replicator, console) serve only the ops
 * endpoints (`/health`, `/ready`, `/metrics`) and, where they have one, a remoting port that answers
 * every request with code 3. One start-up for all of them.
 */
import { Module } from '@nestjs/common';
import { Logger, MetricsRegistry } from '@rmq/observability';
import { CoreModule } from './core.module';
import { exitOnSignals, RunningApp, startApp } from './start-app';

@Module({})
class OpsOnlyModule {}

export interface OpsOnlyAppOptions {
  app: string;
  config: unknown;
  logger: Logger;
  http: { port: number; host: string };
  remoting?: { port: number; host: string };
  shutdownGraceMs: number;
}

export async function startOpsOnlyApp(options: OpsOnlyAppOptions): Promise<RunningApp> {
  const { app, config, logger, shutdownGraceMs } = options;
  const metrics = new MetricsRegistry(app);
  const running = await startApp({
    module: { module: OpsOnlyModule, imports: [CoreModule.forRoot({ config, logger, metrics })] },
    logger,
    http: options.http,
    ...(options.remoting ? { remoting: { ...options.remoting, shutdownGraceMs, metrics } } : {}),
  });
  exitOnSignals(running, logger, shutdownGraceMs);
  return running;
}
