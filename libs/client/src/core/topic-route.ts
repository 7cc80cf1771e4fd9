/**
 * From a TopicRouteData to the queues a client uses (Java's MQClientInstance.topicRouteData2*):
 * producers write to `writeQueueNums` queues of every writable QueueData whose broker has a master
 * (id 0), or follow `orderTopicConf` for order topics; consumers read `readQueueNums` queues of every
 * readable QueueData. Producers pick queues round robin, avoiding the broker that just failed.
 */
import { BrokerData, isReadable, isWriteable, MessageQueue, TopicRouteData } from '@rmq/protocol';

export const MASTER_ID = 0;

export class TopicPublishInfo {
  private sendWhichQueue = Math.floor(Math.random() * 1024);

  constructor(
    readonly topic: string,
    readonly messageQueueList: readonly MessageQueue[],
    readonly orderTopic: boolean,
    readonly route: TopicRouteData | undefined,
  ) {}

  get ok(): boolean {
    return this.messageQueueList.length > 0;
  }

  /** Next queue round robin; with lastBrokerName, one on another broker when there is one. */
  selectOneMessageQueue(lastBrokerName?: string): MessageQueue | undefined {
    const n = this.messageQueueList.length;
    if (n === 0) return undefined;
    if (lastBrokerName !== undefined) {
      for (let i = 0; i < n; i += 1) {
        const mq = this.nextQueue();
        if (mq.brokerName !== lastBrokerName) return mq;
      }
    }
    return this.nextQueue();
  }

  private nextQueue(): MessageQueue {
    this.sendWhichQueue = (this.sendWhichQueue + 1) % 0x7fffffff;
    return this.messageQueueList[this.sendWhichQueue % this.messageQueueList.length] as MessageQueue;
  }
}

export function masterAddrOf(broker: BrokerData | undefined): string | undefined {
  return broker?.brokerAddrs.get(MASTER_ID);
}

export function topicRouteToPublishInfo(topic: string, route: TopicRouteData): TopicPublishInfo {
  const mqs: MessageQueue[] = [];
  if (route.orderTopicConf !== undefined && route.orderTopicConf !== '') {
    for (const item of route.orderTopicConf.split(';')) {
      const [brokerName, nums] = item.split(':');
      const count = Number(nums);
      if (brokerName === undefined || !Number.isInteger(count)) continue;
      for (let queueId = 0; queueId < count; queueId += 1) mqs.push({ topic, brokerName, queueId });
    }
    return new TopicPublishInfo(topic, mqs, true, route);
  }
  const queueDatas = [...route.queueDatas].sort((a, b) =>
    a.brokerName < b.brokerName ? -1 : a.brokerName > b.brokerName ? 1 : 0,
  );
  for (const qd of queueDatas) {
    if (!isWriteable(qd.perm)) continue;
    const broker = route.brokerDatas.find((b) => b.brokerName === qd.brokerName);
    if (masterAddrOf(broker) === undefined) continue;
    for (let queueId = 0; queueId < qd.writeQueueNums; queueId += 1) {
      mqs.push({ topic, brokerName: qd.brokerName, queueId });
    }
  }
  return new TopicPublishInfo(topic, mqs, false, route);
}

export function topicRouteToSubscribeInfo(topic: string, route: TopicRouteData): MessageQueue[] {
  const mqs: MessageQueue[] = [];
  for (const qd of route.queueDatas) {
    if (!isReadable(qd.perm)) continue;
    for (let queueId = 0; queueId < qd.readQueueNums; queueId += 1) {
      mqs.push({ topic, brokerName: qd.brokerName, queueId });
    }
  }
  return mqs;
}

/** The TBW102 route reused for a topic that has none yet: queue counts capped at queueNumsMax. */
export function capRouteQueueNums(route: TopicRouteData, queueNumsMax: number): TopicRouteData {
  return {
    ...route,
    queueDatas: route.queueDatas.map((qd) => {
      const nums = Math.min(queueNumsMax, qd.readQueueNums);
      return { ...qd, readQueueNums: nums, writeQueueNums: nums };
    }),
  };
}

/** Route equality for "did it change?" (brokerAddrs maps compared by content). */
export function routeFingerprint(route: TopicRouteData): string {
  const brokers = [...route.brokerDatas]
    .map((b) => [b.brokerName, b.cluster, [...b.brokerAddrs].sort((x, y) => x[0] - y[0])])
    .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
  const queues = [...route.queueDatas].sort((a, b) => a.brokerName.localeCompare(b.brokerName));
  return JSON.stringify([route.orderTopicConf ?? '', brokers, queues]);
}
