import { createRequest, createResponse } from '@rmq/protocol';
import { ConnectionClosedError } from './errors/connection-closed.error';
import { InFlightLimitExceededError } from './errors/in-flight-limit-exceeded.error';
import { RequestTimeoutError } from './errors/request-timeout.error';
import { InFlightTable } from './in-flight-table';
import { RemotingLogger } from './remoting-logger';

function recordingLogger(): RemotingLogger & { warnings: object[] } {
  const warnings: object[] = [];
  const ignore = (): void => undefined;
  return { warnings, debug: ignore, info: ignore, error: ignore, warn: (obj: object) => warnings.push(obj) };
}

describe('InFlightTable', () => {
  it('completes the request its response answers', async () => {
    const table = new InFlightTable({ addr: '127.0.0.1:1' });
    const request = createRequest(105);
    const pending = table.add(request.opaque, request.code, 1000, 1000);
    expect(table.size).toBe(1);
    expect(table.complete(createResponse(request, 0))).toBe(true);
    await expect(pending).resolves.toMatchObject({ opaque: request.opaque, code: 0 });
    expect(table.size).toBe(0);
  });

  it('logs and drops an unmatched response', () => {
    const logger = recordingLogger();
    const table = new InFlightTable({ addr: '127.0.0.1:1', logger });
    expect(table.complete(createResponse({ opaque: 424242, serializeType: 0 }, 0))).toBe(false);
    expect(logger.warnings).toEqual([expect.objectContaining({ opaque: 424242, addr: '127.0.0.1:1' })]);
  });

  it('refuses at once beyond inFlightMax with a retriable typed error', () => {
    const table = new InFlightTable({ addr: '127.0.0.1:1', inFlightMax: 2 });
    void table.add(1, 10, 1000, 0).catch(() => undefined);
    void table.add(2, 10, 1000, 0).catch(() => undefined);
    let refused: unknown;
    try {
      void table.add(3, 10, 1000, 0);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(InFlightLimitExceededError);
    expect(refused).toMatchObject({ retriable: true, context: { inFlightMax: 2, code: 10 } });
    table.rejectAll(new ConnectionClosedError('127.0.0.1:1', 'test'));
  });

  it('sweep times out only expired requests, with opaque/code/addr context', async () => {
    const table = new InFlightTable({ addr: '127.0.0.1:9' });
    const early = table.add(1, 11, 100, 100);
    const late = table.add(2, 12, 500, 500);
    expect(table.sweep(99)).toBe(0);
    expect(table.sweep(100)).toBe(1);
    await expect(early).rejects.toBeInstanceOf(RequestTimeoutError);
    await expect(early).rejects.toMatchObject({
      retriable: true,
      context: { opaque: 1, code: 11, addr: '127.0.0.1:9', timeoutMs: 100 },
    });
    expect(table.size).toBe(1);
    table.complete(createResponse({ opaque: 2, serializeType: 0 }, 0));
    await expect(late).resolves.toMatchObject({ opaque: 2 });
  });

  it('rejectAll rejects everything pending and refuses later adds', async () => {
    const table = new InFlightTable({ addr: '127.0.0.1:1' });
    const a = table.add(1, 10, 1000, 0);
    const b = table.add(2, 10, 1000, 0);
    const closed = new ConnectionClosedError('127.0.0.1:1', 'peer');
    table.rejectAll(closed);
    await expect(a).rejects.toBe(closed);
    await expect(b).rejects.toBe(closed);
    expect(() => table.add(3, 10, 1000, 0)).toThrow(closed);
  });

  it('treats a duplicate opaque as a caller bug', () => {
    const table = new InFlightTable({ addr: '127.0.0.1:1' });
    void table.add(7, 10, 1000, 0).catch(() => undefined);
    expect(() => table.add(7, 10, 1000, 0)).toThrow(/already in flight/);
    table.rejectAll(new ConnectionClosedError('127.0.0.1:1', 'test'));
  });
});
