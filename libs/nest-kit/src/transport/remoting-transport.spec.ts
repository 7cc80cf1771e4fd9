/**
 * The NestJS custom transport over real TCP: handlers bound by @RemotingHandler, replies built from
 * RemotingReply, errors mapped by the one filter (remoting and HTTP), and the ClientProxy.
 */
import {
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  Module,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { firstValueFrom, map, Observable, of } from 'rxjs';
import request from 'supertest';
import { createRequest, RemotingCommand, RmqError, SerializeType } from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { MetricsRegistry, silentLogger } from '@rmq/observability';
import { CoreModule } from '../core/core.module';
import { RunningApp, startApp } from '../core/start-app';
import { RemotingClientProxy } from './remoting-client.proxy';
import { RemotingHandler } from './remoting-handler.decorator';
import { reply, RemotingReply } from './remoting-reply';
import { RemotingContext } from './remoting.context';

class TopicMissingError extends RmqError {
  constructor(topic: string) {
    super('TOPIC_NOT_EXIST', 17, `topic ${topic} does not exist`, { context: { topic } });
  }
}

@Controller()
class EchoHandlers {
  @RemotingHandler(1000)
  echo(@Payload() req: RemotingCommand, @Ctx() ctx: RemotingContext): RemotingReply {
    return reply(0, {
      extFields: { echo: req.extFields?.['say'] ?? '', peer: ctx.channel.remoteAddr },
      body: req.body,
    });
  }

  @RemotingHandler(1001)
  typed(): RemotingReply {
    throw new TopicMissingError('T');
  }

  @RemotingHandler(1002)
  async bug(): Promise<RemotingReply> {
    throw new Error('secret internal detail');
  }
}

/** Marks the reply: with an interceptor, Nest hands the transport an Observable. */
class MarkingInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler<RemotingReply>): Observable<RemotingReply> {
    return next.handle().pipe(map((r) => ({ ...r, extFields: { ...r.extFields, intercepted: 'yes' } })));
  }
}

@Controller()
class ObservableHandlers {
  @RemotingHandler(1003)
  observable(): Observable<RemotingReply> {
    return of(reply(0, { extFields: { from: 'observable' } }));
  }

  @RemotingHandler(1004)
  @UseInterceptors(MarkingInterceptor)
  intercepted(): RemotingReply {
    return reply(1, { extFields: { from: 'handler' } });
  }
}

@Controller('api')
class FailingHttp {
  @Get('missing')
  missing(): never {
    throw new TopicMissingError('T');
  }
}

describe('RemotingTransportServer', () => {
  let running: RunningApp;
  let addr: string;
  const client = new RemotingClient();
  const metrics = new MetricsRegistry('test');

  beforeAll(async () => {
    const logger = silentLogger();
    @Module({
      imports: [CoreModule.forRoot({ config: {}, logger, metrics })],
      controllers: [EchoHandlers, ObservableHandlers, FailingHttp],
    })
    class TestModule {}
    running = await startApp({
      module: TestModule,
      logger,
      http: { port: 0, host: '127.0.0.1' },
      remoting: { port: 0, host: '127.0.0.1', shutdownGraceMs: 1000, metrics },
    });
    addr = `127.0.0.1:${running.transport?.port}`;
  });

  afterAll(async () => {
    await client.close();
    await running.stop('test done');
  });

  it('routes a request code to its handler and replies with the same opaque', async () => {
    const req = createRequest(1000, { say: 'hi' }, Buffer.from('body'));
    const res = await client.invoke(addr, req, 3000);
    expect(res).toMatchObject({ code: 0, opaque: req.opaque, flag: 1 });
    expect(res.extFields?.['echo']).toBe('hi');
    expect(res.extFields?.['peer']).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(res.body?.toString()).toBe('body');
  });

  it('answers in the request serialize type', async () => {
    const res = await client.invoke(
      addr,
      createRequest(1000, { say: 'bin' }, undefined, SerializeType.ROCKETMQ),
      3000,
    );
    expect(res.serializeType).toBe(SerializeType.ROCKETMQ);
    expect(res.extFields?.['echo']).toBe('bin');
  });

  it('maps a typed error to its ResponseCode and a bug to SYSTEM_ERROR without details', async () => {
    const typed = await client.invoke(addr, createRequest(1001), 3000);
    expect(typed).toMatchObject({ code: 17, remark: 'topic T does not exist' });
    const bug = await client.invoke(addr, createRequest(1002), 3000);
    expect(bug.code).toBe(1);
    expect(bug.remark).not.toContain('secret');
  });

  it('awaits replies that come back as Observables (a handler returning one, an interceptor)', async () => {
    const direct = await client.invoke(addr, createRequest(1003), 5_000);
    expect(direct).toMatchObject({ code: 0, extFields: { from: 'observable' } });
    const intercepted = await client.invoke(addr, createRequest(1004), 5_000);
    expect(intercepted).toMatchObject({ code: 1, extFields: { from: 'handler', intercepted: 'yes' } });
  });

  it('answers 3 to codes without a handler', async () => {
    expect((await client.invoke(addr, createRequest(4242), 3000)).code).toBe(3);
  });

  it('counts requests by code and response code', async () => {
    const text = (await metrics.render()).body;
    expect(text).toMatch(
      /rocketmq_remoting_requests_total\{code="1001",request="UNKNOWN",response_code="17",app="test"\} 1/,
    );
  });

  it('maps typed errors to HTTP statuses with the same filter', async () => {
    const res = await request(running.app.getHttpServer()).get('/api/missing').expect(404);
    expect(res.body).toEqual({
      error: 'TOPIC_NOT_EXIST',
      message: 'topic T does not exist',
      responseCode: 17,
    });
  });

  it('lets Nest code call a remoting server through RemotingClientProxy', async () => {
    const proxy = new RemotingClientProxy({ requestTimeoutMs: 3000 });
    const res = await firstValueFrom(
      proxy.send<RemotingCommand>({ addr, code: 1000 }, { extFields: { say: 'proxy' } }),
    );
    expect(res.extFields?.['echo']).toBe('proxy');
    await proxy.close();
  });
});
