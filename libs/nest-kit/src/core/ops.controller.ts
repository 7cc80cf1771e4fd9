/** `/health` (liveness), `/ready` (readiness) and `/metrics` (Prometheus), served by every app. */
import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { MetricsRegistry } from '@rmq/observability';
import { Readiness } from './readiness';
import { APP_METRICS } from './tokens';

interface ResponseLike {
  status(code: number): ResponseLike;
  type(contentType: string): ResponseLike;
  send(body: unknown): void;
}

@Controller()
export class OpsController {
  private readonly startedAtMs = Date.now();

  constructor(
    @Inject(APP_METRICS) private readonly metrics: MetricsRegistry,
    private readonly readiness: Readiness,
  ) {}

  @Get('health')
  @Header('Cache-Control', 'no-store')
  health(): { status: 'UP'; app: string; uptimeSeconds: number } {
    return {
      status: 'UP',
      app: this.metrics.app,
      uptimeSeconds: Math.round((Date.now() - this.startedAtMs) / 1000),
    };
  }

  @Get('ready')
  ready(@Res() res: ResponseLike): void {
    const verdict = this.readiness.evaluate();
    res
      .status(verdict.ready ? 200 : 503)
      .type('application/json')
      .send(JSON.stringify(verdict));
  }

  @Get('metrics')
  async prometheus(@Res() res: ResponseLike): Promise<void> {
    const { contentType, body } = await this.metrics.render();
    res.status(200).type(contentType).send(body);
  }
}
