import { PassThrough } from 'node:stream';
import { createLogger } from './logger';

describe('createLogger', () => {
  it('writes one JSON object per line with app, level and message', () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    const logger = createLogger({ app: 'namesrv', pretty: false, destination: out });
    logger.child({ component: 'route-info' }).info({ brokerAddr: '127.0.0.1:10911' }, 'broker registered');
    const line = JSON.parse(chunks.join('').trim());
    expect(line).toMatchObject({
      app: 'namesrv',
      component: 'route-info',
      brokerAddr: '127.0.0.1:10911',
      msg: 'broker registered',
      level: 30,
    });
  });
});
