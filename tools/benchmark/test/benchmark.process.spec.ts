/**
 * Process test of `bin/benchmark producer` and `bin/benchmark consumer` against a real NameServer
 * and broker: RocketMQ's option letters are accepted, the runs stop by themselves (-q /
 * --messageQuantity) and print RocketMQ's report lines with no failures.
 */
import path from 'node:path';
import { createRequest, CreateTopicRequestHeader, RequestCode, ResponseCode } from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { ManagedProcess, startAppProcess, StartedApp, WORKSPACE_ROOT } from '@rmq/testing';

const BENCHMARK = path.join(WORKSPACE_ROOT, 'bin', 'benchmark');
const MESSAGES = 600;

describe('bin/benchmark producer and consumer (processes)', () => {
  let namesrv: StartedApp;
  let broker: StartedApp;
  let namesrvAddr: string;

  beforeAll(async () => {
    namesrv = await startAppProcess('mqnamesrv', /Name Server boot success/);
    namesrvAddr = `127.0.0.1:${namesrv.listenPort}`;
    broker = await startAppProcess('mqbroker', /boot success/, [
      '-n',
      namesrvAddr,
      '--brokerName=broker-bench',
      '--brokerIP1=127.0.0.1',
    ]);
    const client = new RemotingClient();
    const header = CreateTopicRequestHeader.encode({
      topic: 'BenchTopic',
      defaultTopic: 'TBW102',
      readQueueNums: 4,
      writeQueueNums: 4,
      perm: 6,
      topicFilterType: 'SINGLE_TAG',
      order: false,
    });
    const created = await client.invoke(
      `127.0.0.1:${broker.listenPort}`,
      createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC, header),
      5_000,
    );
    expect(created.code).toBe(ResponseCode.SUCCESS);
    await client.close();
  });
  afterAll(async () => {
    await broker?.stop();
    await namesrv?.stop();
  });

  it('sends -q messages with -w senders and prints the [Complete] line', async () => {
    const run = ManagedProcess.start(BENCHMARK, [
      'producer',
      '-n',
      namesrvAddr,
      '-t',
      'BenchTopic',
      '-w',
      '8',
      '-s',
      '256',
      '-k',
      'true',
      '-l',
      '3',
      '-q',
      String(MESSAGES),
    ]);
    expect(await run.waitForExit(60_000)).toBe(0);
    expect(run.text()).toContain(
      'topic: BenchTopic threadCount: 8 messageSize: 256 keyEnable: true tagCount: 3',
    );
    expect(run.text()).toMatch(
      new RegExp(
        `\\[Complete\\] Send Total: ${MESSAGES} Send TPS: \\d+ Max RT\\(ms\\): \\d+ Average RT\\(ms\\): +[\\d.]+ Send Failed: 0 Response Failed: 0 p50`,
      ),
    );
  });

  it('consumes what was sent and prints its lines', async () => {
    const run = ManagedProcess.start(BENCHMARK, [
      'consumer',
      '-n',
      namesrvAddr,
      '-t',
      'BenchTopic',
      '-g',
      'bench_group',
      '-p',
      'false',
      '--messageQuantity',
      String(MESSAGES),
      '--reportIntervalSeconds',
      '1',
      '--seconds',
      '50',
    ]);
    expect(await run.waitForExit(60_000)).toBe(0);
    expect(run.text()).toContain('group: bench_group');
    expect(run.text()).toMatch(
      new RegExp(
        `\\[Complete\\] Consumed: ${MESSAGES} Failed: 0 TPS: \\d+ FAIL: 0 AVG\\(B2C\\) RT\\(ms\\): +[\\d.]+ AVG\\(S2C\\)`,
      ),
    );
  });

  it('refuses an unknown option with a message', async () => {
    const run = ManagedProcess.start(BENCHMARK, ['producer', '-z', '1']);
    expect(await run.waitForExit(10_000)).toBe(1);
    expect(run.text()).toContain("unknown option '-z'");
  });
});
