/**
 * Process test of the local cluster runner behind `npm start` (`bin/rmq-cluster start`): it starts
 * a NameServer and broker-a/broker-b from compose/conf/2m-noslave/*.properties, prints where they
 * listen and how to send a first message, serves real produce/consume traffic, and Ctrl-C (SIGINT)
 * stops every service cleanly (brokers shut their stores down: no abort file is left).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Producer, PushConsumer } from '@rmq/client';
import { freePort, freePortRun, makeTempDir, ManagedProcess, waitFor, WORKSPACE_ROOT } from '@rmq/testing';

describe('bin/rmq-cluster start (npm start) as a process', () => {
  const data = makeTempDir('rmq-cluster');
  let runner: ManagedProcess | undefined;
  afterAll(async () => {
    await runner?.stop('SIGKILL');
    data.remove();
  });

  it('runs the 2m-noslave cluster, serves traffic, and stops everything on Ctrl-C', async () => {
    const namesrvPort = await freePort();
    const brokerPorts = [await freePortRun(3), await freePortRun(3)];
    runner = ManagedProcess.start(path.join(WORKSPACE_ROOT, 'bin', 'rmq-cluster'), [
      'start',
      '--data',
      data.dir,
      '--namesrv-port',
      String(namesrvPort),
      '--broker-ports',
      brokerPorts.join(','),
    ]);
    await runner.waitForOutput(/Press Ctrl-C to stop everything/, 90_000);
    const ns = `127.0.0.1:${namesrvPort}`;
    expect(runner.text()).toContain(`broker-a   remoting 127.0.0.1:${brokerPorts[0]}`);
    expect(runner.text()).toContain(`bin/mqadmin sendMessage -n ${ns} -t TopicTest -p "Hello RocketMQ"`);

    const producer = new Producer({ producerGroup: 'runner-pg', namesrvAddr: ns });
    await producer.start();
    for (let i = 0; i < 40; i++)
      await producer.send({ topic: 'TopicTest', keys: `k${i}`, body: Buffer.from(`m${i}`) });
    await producer.shutdown();
    const got = new Set<string>();
    const consumer = new PushConsumer({
      consumerGroup: 'runner-cg',
      namesrvAddr: ns,
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      rebalanceIntervalMs: 1_000,
    });
    consumer.subscribe('TopicTest', '*');
    consumer.registerMessageListener((msgs) => {
      for (const msg of msgs) got.add(msg.keys[0] ?? '');
      return 'CONSUME_SUCCESS';
    });
    await consumer.start();
    await waitFor('all 40 messages', () => got.size === 40 || undefined, 30_000, 100);
    await consumer.shutdown();

    expect(await runner.stop('SIGINT', 60_000)).toBe(0);
    expect(runner.text()).toContain('All services stopped.');
    for (const broker of ['broker-a', 'broker-b']) {
      expect(existsSync(path.join(data.dir, broker, 'store', 'abort'))).toBe(false);
      expect(existsSync(path.join(data.dir, broker, 'store', 'commitlog'))).toBe(true);
    }
  });
});
