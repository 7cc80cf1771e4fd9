/**
 * Process test of the broker's start-up: bin/mqbroker validates its config, recovers its store,
 * serves the ops endpoints even while no NameServer answers (then /ready says why it is not ready),
 * and answers unknown request codes with 3.
 */
import path from 'node:path';
import request from 'supertest';
import { createRequest, ResponseCode } from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { freePort, ManagedProcess, startAppProcess, StartedApp, WORKSPACE_ROOT } from '@rmq/testing';

describe('bin/mqbroker start-up as a process', () => {
  let app: StartedApp;
  beforeAll(async () => {
    // A NameServer address where nothing listens: the broker must still start and serve.
    const silentNamesrv = await freePort();
    app = await startAppProcess('mqbroker', /boot success/, [
      '--brokerName=broker-a',
      `--namesrvAddr=127.0.0.1:${silentNamesrv}`,
      '--brokerIP1=127.0.0.1',
    ]);
  });
  afterAll(() => app?.stop());

  it('serves the ops endpoints, is not ready without a NameServer, and answers code 3 to unknown codes', async () => {
    const http = request(`http://127.0.0.1:${app.httpPort}`);
    expect((await http.get('/health').expect(200)).body).toMatchObject({ status: 'UP', app: 'broker' });
    expect((await http.get('/metrics').expect(200)).text).toContain(
      'process_resident_memory_bytes{app="broker"}',
    );
    const ready = await http.get('/ready');
    expect(ready.status).toBe(503);
    expect(JSON.stringify(ready.body)).toContain('not registered with a name server');
    const client = new RemotingClient();
    const response = await client.invoke(`127.0.0.1:${app.listenPort}`, createRequest(9999), 5_000);
    expect(response.code).toBe(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    await client.close();
  });

  it('refuses a config where a master has a slave id, naming both sources', async () => {
    const p = ManagedProcess.start(path.join(WORKSPACE_ROOT, 'bin', 'mqbroker'), [
      '--brokerRole=SLAVE',
      '--brokerId=0',
      '-p',
    ]);
    expect(await p.waitForExit()).toBe(2);
    expect(p.text()).toContain('--brokerRole=SLAVE');
    expect(p.text()).toContain('--brokerId=0');
  });
});
