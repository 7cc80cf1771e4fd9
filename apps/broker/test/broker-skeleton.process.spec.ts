/**
 * Process test of the broker skeleton: bin/mqbroker validates its config, serves the ops endpoints
 * and answers remoting requests with code 3 until the broker issue implements them.
 */
import path from 'node:path';
import request from 'supertest';
import { createRequest, ResponseCode } from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { ManagedProcess, startAppProcess, StartedApp, WORKSPACE_ROOT } from '@rmq/testing';

describe('bin/mqbroker skeleton as a process', () => {
  let app: StartedApp;
  beforeAll(async () => {
    app = await startAppProcess('mqbroker', /broker skeleton started/, [
      '--brokerName=broker-a',
      '--namesrvAddr=127.0.0.1:9876',
    ]);
  });
  afterAll(() => app?.stop());

  it('serves the ops endpoints and answers code 3 on its remoting port', async () => {
    const http = request(`http://127.0.0.1:${app.httpPort}`);
    expect((await http.get('/health').expect(200)).body).toMatchObject({ status: 'UP', app: 'broker' });
    expect((await http.get('/metrics').expect(200)).text).toContain(
      'process_resident_memory_bytes{app="broker"}',
    );
    const client = new RemotingClient();
    const response = await client.invoke(`127.0.0.1:${app.listenPort}`, createRequest(10), 5_000);
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
