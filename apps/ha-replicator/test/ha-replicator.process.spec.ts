/** Process test: bin/mqhareplicator starts, serves its ops endpoints and stops on SIGTERM. */
import request from 'supertest';
import { startAppProcess, StartedApp } from '@rmq/testing';

describe('bin/mqhareplicator as a process', () => {
  let app: StartedApp;
  beforeAll(async () => {
    app = await startAppProcess('mqhareplicator', /ha-replicator started/);
  });
  afterAll(() => app?.stop());

  it('serves /health, /ready and Prometheus /metrics', async () => {
    const http = request(`http://127.0.0.1:${app.httpPort}`);
    expect((await http.get('/health').expect(200)).body).toMatchObject({
      status: 'UP',
      app: 'ha-replicator',
    });
    await http.get('/ready').expect(200);
    expect((await http.get('/metrics').expect(200)).text).toContain(
      'process_resident_memory_bytes{app="ha-replicator"}',
    );
  });

  it('exits 0 on SIGTERM', async () => {
    expect(await app.process.stop('SIGTERM')).toBe(0);
  });
});
