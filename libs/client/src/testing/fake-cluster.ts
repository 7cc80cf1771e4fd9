/**
 * A FakeNamesrv and some FakeBrokers wired together: `createTopic` publishes a route naming the
 * brokers, as a real NameServer would after the brokers registered it. Close it in afterEach.
 */
import { BrokerData, PermName, QueueData, TopicRouteData } from '@rmq/protocol';
import { FakeBroker, FakeBrokerOptions } from './fake-broker';
import { FakeNamesrv } from './fake-namesrv';

export const FAKE_CLUSTER_NAME = 'DefaultCluster';
export const PERM_READ_WRITE = PermName.PERM_READ | PermName.PERM_WRITE;

export class FakeCluster {
  private clientsMade = 0;

  private constructor(
    readonly namesrv: FakeNamesrv,
    readonly brokers: FakeBroker[],
  ) {}

  /** freePort: @rmq/testing's, passed in because this harness is part of the build. */
  static async start(
    freePort: () => Promise<number>,
    brokerCount = 1,
    options: Omit<FakeBrokerOptions, 'port' | 'brokerName'> = {},
  ): Promise<FakeCluster> {
    const namesrv = await FakeNamesrv.start(await freePort());
    const brokers: FakeBroker[] = [];
    for (let i = 0; i < brokerCount; i += 1) {
      const brokerName = `broker-${String.fromCharCode(97 + i)}`;
      brokers.push(await FakeBroker.start({ ...options, port: await freePort(), brokerName }));
    }
    return new FakeCluster(namesrv, brokers);
  }

  /**
   * Client settings pointing at this cluster. Each call gets its own instanceName: clients that share
   * one share an MQClientInstance (and its first namesrvAddr), as in Java.
   */
  clientConfig(prefix: string): { namesrvAddr: string; instanceName: string; clientIp: string } {
    this.clientsMade += 1;
    return {
      namesrvAddr: this.namesrvAddr,
      instanceName: `${prefix}-${this.clientsMade}`,
      clientIp: '127.0.0.1',
    };
  }

  get namesrvAddr(): string {
    return this.namesrv.addr;
  }

  broker(index = 0): FakeBroker {
    const broker = this.brokers[index];
    if (broker === undefined) throw new Error(`no broker ${index}`);
    return broker;
  }

  brokerData(broker: FakeBroker): BrokerData {
    return {
      cluster: FAKE_CLUSTER_NAME,
      brokerName: broker.brokerName,
      brokerAddrs: new Map([[0, broker.addr]]),
    };
  }

  /** Publishes topic on the given brokers (all by default) with queueNums queues each. */
  createTopic(
    topic: string,
    queueNums = 4,
    brokers: FakeBroker[] = this.brokers,
    perm = PERM_READ_WRITE,
  ): TopicRouteData {
    const queueDatas: QueueData[] = brokers.map((b) => ({
      brokerName: b.brokerName,
      readQueueNums: queueNums,
      writeQueueNums: queueNums,
      perm,
      topicSysFlag: 0,
    }));
    const route: TopicRouteData = {
      queueDatas,
      brokerDatas: brokers.map((b) => this.brokerData(b)),
      filterServerTable: new Map(),
    };
    this.namesrv.routes.set(topic, route);
    return route;
  }

  async close(): Promise<void> {
    await Promise.all(this.brokers.map((b) => b.close()));
    await this.namesrv.close();
  }
}
