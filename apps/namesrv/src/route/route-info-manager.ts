/**
 * The NameServer's route table (RocketMQ's RouteInfoManager): which clusters hold which broker
 * groups, where each broker listens, and which broker groups serve each topic's queues.
 * Plain TypeScript, single-threaded: every method runs to completion, so no locks are needed.
 * Invariants: a broker address is live iff it is in `brokerLiveTable`; a brokerName is listed
 * iff it has at least one address; topic queue data come only from master registrations.
 */
import { javaHashSetOrder, JavaTableSizing } from '@rmq/protocol';
import type {
  BrokerData,
  ClusterInfo,
  DataVersion,
  QueueData,
  TopicConfig,
  TopicRouteData,
} from '@rmq/protocol';

export const MASTER_ID = 0;
/** A broker silent for this long is dropped (RocketMQ's BROKER_CHANNEL_EXPIRED_TIME). */
export const BROKER_CHANNEL_EXPIRED_MS = 120_000;
const PERM_WRITE = 2;
/** RocketMQ's topicQueueTable is a HashMap(1024); listings follow its iteration order. */
const TOPIC_QUEUE_TABLE_SIZING: JavaTableSizing = { kind: 'hashMap', initialCapacity: 1024 };

export interface BrokerRegistration {
  clusterName: string;
  brokerAddr: string;
  brokerName: string;
  brokerId: number;
  haServerAddr: string;
  dataVersion?: DataVersion;
  topicConfigTable?: ReadonlyMap<string, TopicConfig>;
  /** The connection it came on; closing it drops the broker at once. */
  channelId: string;
}

export interface RegisterResult {
  /** For slaves: the master's broker address and HA address. Empty for masters. */
  masterAddr?: string;
  haServerAddr?: string;
}

export interface BrokerLiveInfo {
  lastUpdateMs: number;
  dataVersion: DataVersion;
  channelId: string;
  haServerAddr: string;
}

export interface RouteInfoListener {
  brokerRegistered?(brokerAddr: string, first: boolean): void;
  brokerRemoved?(brokerAddr: string, reason: 'unregister' | 'channel-closed' | 'expired'): void;
}

export class RouteInfoManager {
  private readonly clusterAddrTable = new Map<string, Set<string>>();
  private readonly brokerAddrTable = new Map<
    string,
    { cluster: string; brokerName: string; brokerAddrs: Map<number, string> }
  >();
  private readonly topicQueueTable = new Map<string, Map<string, QueueData>>();
  private readonly brokerLiveTable = new Map<string, BrokerLiveInfo>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly listener: RouteInfoListener = {},
    private readonly brokerChannelExpiredMs: number = BROKER_CHANNEL_EXPIRED_MS,
  ) {}

  registerBroker(reg: BrokerRegistration): RegisterResult {
    let brokerNames = this.clusterAddrTable.get(reg.clusterName);
    if (!brokerNames) this.clusterAddrTable.set(reg.clusterName, (brokerNames = new Set()));
    brokerNames.add(reg.brokerName);

    let brokerData = this.brokerAddrTable.get(reg.brokerName);
    const firstForName = !brokerData;
    if (!brokerData) {
      brokerData = { cluster: reg.clusterName, brokerName: reg.brokerName, brokerAddrs: new Map() };
      this.brokerAddrTable.set(reg.brokerName, brokerData);
    }
    // The same address under another id: a slave became master (or the reverse). Forget the old id.
    for (const [id, addr] of [...brokerData.brokerAddrs]) {
      if (addr === reg.brokerAddr && id !== reg.brokerId) brokerData.brokerAddrs.delete(id);
    }
    const previousAddr = brokerData.brokerAddrs.get(reg.brokerId);
    brokerData.brokerAddrs.set(reg.brokerId, reg.brokerAddr);
    const first = firstForName || previousAddr === undefined;

    const dataVersion = reg.dataVersion ?? { counter: 0, timestamp: 0 };
    if (reg.brokerId === MASTER_ID && reg.topicConfigTable) {
      if (first || this.isBrokerTopicConfigChanged(reg.brokerAddr, dataVersion)) {
        for (const topicConfig of reg.topicConfigTable.values())
          this.updateQueueData(reg.brokerName, topicConfig);
      }
    }
    const wasLive = this.brokerLiveTable.has(reg.brokerAddr);
    this.brokerLiveTable.set(reg.brokerAddr, {
      lastUpdateMs: this.now(),
      dataVersion,
      channelId: reg.channelId,
      haServerAddr: reg.haServerAddr,
    });
    this.listener.brokerRegistered?.(reg.brokerAddr, !wasLive);
    return this.masterOf(reg);
  }

  private masterOf(reg: BrokerRegistration): RegisterResult {
    if (reg.brokerId === MASTER_ID) return {};
    const masterAddr = this.brokerAddrTable.get(reg.brokerName)?.brokerAddrs.get(MASTER_ID);
    if (masterAddr === undefined) return {};
    const masterLive = this.brokerLiveTable.get(masterAddr);
    return masterLive ? { masterAddr, haServerAddr: masterLive.haServerAddr } : { masterAddr };
  }

  private updateQueueData(brokerName: string, topicConfig: TopicConfig): void {
    const queueData: QueueData = {
      brokerName,
      readQueueNums: topicConfig.readQueueNums,
      writeQueueNums: topicConfig.writeQueueNums,
      perm: topicConfig.perm,
      topicSysFlag: topicConfig.topicSysFlag,
    };
    let byBroker = this.topicQueueTable.get(topicConfig.topicName);
    if (!byBroker) this.topicQueueTable.set(topicConfig.topicName, (byBroker = new Map()));
    byBroker.set(brokerName, queueData);
  }

  isBrokerTopicConfigChanged(brokerAddr: string, dataVersion: DataVersion): boolean {
    const current = this.brokerLiveTable.get(brokerAddr)?.dataVersion;
    return !current || current.counter !== dataVersion.counter || current.timestamp !== dataVersion.timestamp;
  }

  /** QUERY_DATA_VERSION: answers "changed?" and counts as a sign of life. */
  queryBrokerTopicConfig(
    brokerAddr: string,
    dataVersion: DataVersion,
  ): { changed: boolean; current?: DataVersion } {
    const live = this.brokerLiveTable.get(brokerAddr);
    if (live) live.lastUpdateMs = this.now();
    const result: { changed: boolean; current?: DataVersion } = {
      changed: this.isBrokerTopicConfigChanged(brokerAddr, dataVersion),
    };
    if (live) result.current = live.dataVersion;
    return result;
  }

  unregisterBroker(clusterName: string, brokerAddr: string, brokerName: string, brokerId: number): void {
    this.brokerLiveTable.delete(brokerAddr);
    const brokerData = this.brokerAddrTable.get(brokerName);
    if (brokerData && brokerData.brokerAddrs.get(brokerId) === brokerAddr)
      brokerData.brokerAddrs.delete(brokerId);
    this.forgetEmptyBrokerName(brokerName, clusterName);
    this.listener.brokerRemoved?.(brokerAddr, 'unregister');
  }

  /** A connection closed: every broker that registered on it is gone at once. */
  onChannelClosed(channelId: string): string[] {
    const gone = [...this.brokerLiveTable]
      .filter(([, live]) => live.channelId === channelId)
      .map(([addr]) => addr);
    for (const addr of gone) this.removeBrokerAddr(addr, 'channel-closed');
    return gone;
  }

  /** Drops brokers silent for longer than brokerChannelExpiredMs; returns their channels to close. */
  scanNotActiveBroker(): { brokerAddr: string; channelId: string }[] {
    const deadline = this.now() - this.brokerChannelExpiredMs;
    const expired = [...this.brokerLiveTable]
      .filter(([, live]) => live.lastUpdateMs < deadline)
      .map(([brokerAddr, live]) => ({ brokerAddr, channelId: live.channelId }));
    for (const { brokerAddr } of expired) this.removeBrokerAddr(brokerAddr, 'expired');
    return expired;
  }

  private removeBrokerAddr(brokerAddr: string, reason: 'channel-closed' | 'expired'): void {
    this.brokerLiveTable.delete(brokerAddr);
    for (const brokerData of [...this.brokerAddrTable.values()]) {
      for (const [id, addr] of [...brokerData.brokerAddrs]) {
        if (addr === brokerAddr) brokerData.brokerAddrs.delete(id);
      }
      this.forgetEmptyBrokerName(brokerData.brokerName, brokerData.cluster);
    }
    this.listener.brokerRemoved?.(brokerAddr, reason);
  }

  /** When a brokerName has no address left: drop it from its cluster and from every topic. */
  private forgetEmptyBrokerName(brokerName: string, clusterName: string): void {
    const brokerData = this.brokerAddrTable.get(brokerName);
    if (brokerData && brokerData.brokerAddrs.size > 0) return;
    this.brokerAddrTable.delete(brokerName);
    for (const [cluster, names] of [...this.clusterAddrTable]) {
      if (cluster !== clusterName && cluster !== brokerData?.cluster) continue;
      names.delete(brokerName);
      if (names.size === 0) this.clusterAddrTable.delete(cluster);
    }
    for (const [topic, byBroker] of [...this.topicQueueTable]) {
      byBroker.delete(brokerName);
      if (byBroker.size === 0) this.topicQueueTable.delete(topic);
    }
  }

  /** The route of a topic, or undefined when no live broker group serves it. */
  pickupTopicRouteData(topic: string): TopicRouteData | undefined {
    const byBroker = this.topicQueueTable.get(topic);
    if (!byBroker || byBroker.size === 0) return undefined;
    const brokerDatas: BrokerData[] = [];
    for (const brokerName of byBroker.keys()) {
      const data = this.brokerAddrTable.get(brokerName);
      if (data)
        brokerDatas.push({ cluster: data.cluster, brokerName, brokerAddrs: new Map(data.brokerAddrs) });
    }
    if (brokerDatas.length === 0) return undefined;
    return {
      queueDatas: [...byBroker.values()].map((q) => ({ ...q })),
      brokerDatas,
      filterServerTable: new Map(),
    };
  }

  getAllClusterInfo(): ClusterInfo {
    const brokerAddrTable = new Map<string, BrokerData>();
    for (const [name, data] of this.brokerAddrTable) {
      brokerAddrTable.set(name, {
        cluster: data.cluster,
        brokerName: name,
        brokerAddrs: new Map(data.brokerAddrs),
      });
    }
    const clusterAddrTable = new Map<string, string[]>();
    for (const [cluster, names] of this.clusterAddrTable) clusterAddrTable.set(cluster, [...names]);
    return { brokerAddrTable, clusterAddrTable };
  }

  getAllTopicList(): string[] {
    return javaHashSetOrder(this.topicQueueTable.keys(), TOPIC_QUEUE_TABLE_SIZING);
  }

  getTopicsByCluster(cluster: string): string[] {
    const names = this.clusterAddrTable.get(cluster);
    if (!names) return [];
    return [...this.topicQueueTable]
      .filter(([, byBroker]) => [...byBroker.keys()].some((n) => names.has(n)))
      .map(([t]) => t);
  }

  /** Cluster names and broker names are "system topics" in RocketMQ, plus one broker address. */
  getSystemTopicList(): { topicList: string[]; brokerAddr?: string } {
    const topics = new Set<string>();
    for (const [cluster, names] of this.clusterAddrTable) {
      topics.add(cluster);
      for (const n of names) topics.add(n);
    }
    const anyAddr = [...this.brokerAddrTable.values()].flatMap((d) => [...d.brokerAddrs.values()])[0];
    return anyAddr === undefined
      ? { topicList: [...topics] }
      : { topicList: [...topics], brokerAddr: anyAddr };
  }

  /** WIPE_WRITE_PERM_OF_BROKER / ADD_WRITE_PERM_OF_BROKER: returns how many topics changed. */
  setWritePermOfBroker(brokerName: string, writable: boolean): number {
    let count = 0;
    for (const byBroker of this.topicQueueTable.values()) {
      const queueData = byBroker.get(brokerName);
      if (!queueData) continue;
      queueData.perm = writable ? queueData.perm | PERM_WRITE : queueData.perm & ~PERM_WRITE;
      count++;
    }
    return count;
  }

  deleteTopic(topic: string, clusterName?: string): void {
    if (clusterName === undefined || clusterName === '') {
      this.topicQueueTable.delete(topic);
      return;
    }
    const names = this.clusterAddrTable.get(clusterName);
    const byBroker = this.topicQueueTable.get(topic);
    if (!names || !byBroker) return;
    for (const name of names) byBroker.delete(name);
    if (byBroker.size === 0) this.topicQueueTable.delete(topic);
  }

  hasLiveBrokerOnChannel(channelId: string): boolean {
    for (const live of this.brokerLiveTable.values()) if (live.channelId === channelId) return true;
    return false;
  }

  liveBrokers(): ReadonlyMap<string, Readonly<BrokerLiveInfo>> {
    return this.brokerLiveTable;
  }

  topicCount(): number {
    return this.topicQueueTable.size;
  }
}
