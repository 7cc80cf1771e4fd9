/**
 * Process test of `bin/mqadmin` against a real NameServer and broker: RocketMQ's command names and
 * option letters create a topic and a group, send and read back a message, and report status;
 * unknown commands and missing options are refused with a message.
 */
import path from 'node:path';
import { ManagedProcess, startAppProcess, StartedApp, WORKSPACE_ROOT } from '@rmq/testing';

const MQADMIN = path.join(WORKSPACE_ROOT, 'bin', 'mqadmin');

describe('bin/mqadmin (processes)', () => {
  let namesrv: StartedApp;
  let broker: StartedApp;
  let ns: string;

  beforeAll(async () => {
    namesrv = await startAppProcess('mqnamesrv', /Name Server boot success/);
    ns = `127.0.0.1:${namesrv.listenPort}`;
    broker = await startAppProcess('mqbroker', /boot success/, [
      '-n',
      ns,
      '--brokerName=broker-adm',
      '--brokerIP1=127.0.0.1',
      '--brokerClusterName=AdminCluster',
    ]);
  });
  afterAll(async () => {
    await broker?.stop();
    await namesrv?.stop();
  });

  async function mqadmin(...args: string[]): Promise<{ code: number | null; text: string }> {
    const run = ManagedProcess.start(MQADMIN, args);
    const code = await run.waitForExit(30_000);
    return { code, text: run.text() };
  }

  it('creates a topic on a cluster, lists and routes it', async () => {
    const created = await mqadmin(
      'updateTopic',
      '-n',
      ns,
      '-c',
      'AdminCluster',
      '-t',
      'AdminTopic',
      '-r',
      '2',
      '-w',
      '2',
    );
    expect(created).toMatchObject({ code: 0 });
    expect(created.text).toContain(
      'TopicConfig [topicName=AdminTopic, readQueueNums=2, writeQueueNums=2, perm=RW-',
    );
    expect((await mqadmin('topicList', '-n', ns)).text.split('\n')).toContain('AdminTopic');
    const route = await mqadmin('topicRoute', '-n', ns, '-t', 'AdminTopic');
    expect(route.text).toMatch(/broker-adm\s+0\s+127\.0\.0\.1:\d+/);
  });

  it('sends a message, reads it back by key, by id and by consuming, and shows the queue moved', async () => {
    const sent = await mqadmin(
      'sendMessage',
      '-n',
      ns,
      '-t',
      'AdminTopic',
      '-p',
      'hello admin',
      '-k',
      'key-1',
      '-c',
      'TagA',
    );
    expect(sent.code).toBe(0);
    const offsetMsgId = /OffsetMsgId: ([0-9A-F]{32})/.exec(sent.text)?.[1] ?? '';
    expect(offsetMsgId).not.toBe('');
    expect((await mqadmin('queryMsgByKey', '-n', ns, '-t', 'AdminTopic', '-k', 'key-1')).text).toContain(
      offsetMsgId,
    );
    const byId = await mqadmin('queryMsgById', '-n', ns, '-i', offsetMsgId);
    expect(byId.text).toMatch(/Message Body\s+: hello admin/);
    expect(byId.text).toMatch(/Tags\s+: \[TagA\]/);
    expect((await mqadmin('consumeMessage', '-n', ns, '-t', 'AdminTopic', '-c', '10')).text).toContain(
      'BODY: hello admin',
    );
    const status = await mqadmin('topicStatus', '-n', ns, '-t', 'AdminTopic');
    const maxOffsets = [...status.text.matchAll(/broker-adm\s+\d\s+0\s+(\d+)/g)].map((m) => Number(m[1]));
    expect(maxOffsets.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('creates a group and reports the cluster and broker status', async () => {
    expect(
      (await mqadmin('updateSubGroup', '-n', ns, '-c', 'AdminCluster', '-g', 'admin-group', '-r', '3')).code,
    ).toBe(0);
    expect((await mqadmin('clusterList', '-n', ns)).text).toMatch(
      /AdminCluster\s+broker-adm\s+0\s+127\.0\.0\.1/,
    );
    expect((await mqadmin('brokerStatus', '-n', ns, '-b', `127.0.0.1:${broker.listenPort}`)).text).toMatch(
      /bootTimestamp\s+: \d+/,
    );
  });

  it('refuses unknown commands and missing options', async () => {
    const unknown = await mqadmin('nosuchCommand');
    expect(unknown.code).toBe(1);
    expect(unknown.text).toContain('The sub command nosuchCommand not exist.');
    const missing = await mqadmin('updateTopic', '-n', ns, '-c', 'AdminCluster');
    expect(missing.code).toBe(1);
    expect(missing.text).toContain('missing --topic');
  });
});
