/**
 * AdminClient (the parts of Java's DefaultMQAdminExt a console and tools need): cluster and topic
 * listing, topic and subscription-group create/delete, stats merged over the brokers that serve a
 * topic or group, message lookup by id and key, broker runtime info and config. It needs no
 * heartbeat, so it owns its connections instead of joining an MQClientInstance.
 */
import {
  ClusterInfo,
  ConsumeStats,
  ConsumerConnection,
  createRequest,
  CreateTopicRequestHeader,
  decodeClusterInfo,
  decodeConsumeStats,
  decodeConsumerConnection,
  decodeKVTable,
  decodeResetOffsetBody,
  decodeSubscriptionGroupWrapper,
  decodeTopicConfigSerializeWrapper,
  decodeTopicList,
  decodeTopicRouteData,
  decodeTopicStatsTable,
  DeleteSubscriptionGroupRequestHeader,
  DeleteTopicFromNamesrvRequestHeader,
  DeleteTopicRequestHeader,
  encodeSubscriptionGroupConfig,
  GetConsumeStatsRequestHeader,
  GetConsumerConnectionListRequestHeader,
  GetRouteInfoRequestHeader,
  GetTopicStatsInfoRequestHeader,
  KVTable,
  MessageQueue,
  newSubscriptionGroupConfig,
  newTopicConfig,
  RemotingCommand,
  RequestCode,
  ResetOffsetRequestHeader,
  SubscriptionGroupConfig,
  SubscriptionGroupWrapper,
  TopicConfig,
  TopicConfigSerializeWrapper,
  TopicRouteData,
  TopicStatsTable,
} from '@rmq/protocol';
import { ClientConfig, resolveClientConfig, ResolvedClientConfig } from '../core/client-config';
import { ClientRemoting } from '../core/client-remoting';
import { masterAddrOf } from '../core/topic-route';
import { MQClientError } from '../errors/mq-client.error';
import { AUTO_CREATE_TOPIC_KEY_TOPIC, retryTopicOf, validateTopic } from '../message/message';
import { MessageLookup } from './message-lookup';
import { mergeConsumeStats, mergeTopicStats, MergedConsumeStats, parseBrokerConfig } from './admin-stats';

/** Where a create goes: one broker, or every master of a cluster. */
export type AdminTarget = { brokerAddr: string } | { clusterName: string };

export class AdminClient extends MessageLookup {
  private readonly config: ResolvedClientConfig;
  private started = false;

  constructor(options: ClientConfig) {
    const config = resolveClientConfig(options);
    const remoting = new ClientRemoting(config.namesrvAddrs, config.logger);
    super(remoting, config.requestTimeoutMs);
    this.config = config;
  }

  async start(): Promise<void> {
    this.started = true;
  }

  async shutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.remoting.close();
  }

  // ---- NameServer ------------------------------------------------------------------------

  async examineBrokerClusterInfo(): Promise<ClusterInfo> {
    const response = await this.namesrv(createRequest(RequestCode.GET_BROKER_CLUSTER_INFO));
    return decodeClusterInfo(bodyOf(response));
  }

  async fetchAllTopicList(): Promise<string[]> {
    const response = await this.namesrv(createRequest(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER));
    return decodeTopicList(bodyOf(response)).topicList;
  }

  async examineTopicRouteInfo(topic: string): Promise<TopicRouteData> {
    const header = GetRouteInfoRequestHeader.encode({ topic, acceptStandardJsonOnly: true });
    return decodeTopicRouteData(
      bodyOf(await this.namesrv(createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, header))),
    );
  }

  /** Master addresses of a cluster (from GET_BROKER_CLUSTER_INFO). */
  async masterAddrsOfCluster(clusterName: string): Promise<string[]> {
    const info = await this.examineBrokerClusterInfo();
    const names = info.clusterAddrTable.get(clusterName);
    if (names === undefined)
      throw new MQClientError('ILLEGAL_ARGUMENT', `cluster ${clusterName} is not known to the NameServer`);
    return names
      .map((n) => masterAddrOf(info.brokerAddrTable.get(n)))
      .filter((a): a is string => a !== undefined);
  }

  // ---- topics and groups -------------------------------------------------------------------

  /** UPDATE_AND_CREATE_TOPIC on the broker, or on every master of the cluster. */
  async createTopic(
    target: AdminTarget,
    config: Partial<TopicConfig> & { topicName: string },
  ): Promise<void> {
    validateTopic(config.topicName);
    const full = newTopicConfig(config.topicName, config);
    const header = CreateTopicRequestHeader.encode({
      topic: full.topicName,
      defaultTopic: AUTO_CREATE_TOPIC_KEY_TOPIC,
      readQueueNums: full.readQueueNums,
      writeQueueNums: full.writeQueueNums,
      perm: full.perm,
      topicFilterType: full.topicFilterType,
      topicSysFlag: full.topicSysFlag,
      order: full.order,
    });
    for (const addr of await this.targetAddrs(target)) {
      await this.broker(addr, createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC, header));
    }
  }

  /** DELETE_TOPIC_IN_BROKER on every master of the cluster, then DELETE_TOPIC_IN_NAMESRV on every NameServer. */
  async deleteTopic(topic: string, clusterName: string): Promise<void> {
    for (const addr of await this.masterAddrsOfCluster(clusterName)) {
      await this.broker(
        addr,
        createRequest(RequestCode.DELETE_TOPIC_IN_BROKER, DeleteTopicRequestHeader.encode({ topic })),
      );
    }
    const header = DeleteTopicFromNamesrvRequestHeader.encode({ topic, clusterName });
    for (const addr of this.remoting.allNamesrvAddrs) {
      await this.broker(addr, createRequest(RequestCode.DELETE_TOPIC_IN_NAMESRV, header));
    }
  }

  async createOrUpdateSubscriptionGroup(
    target: AdminTarget,
    config: Partial<SubscriptionGroupConfig> & { groupName: string },
  ): Promise<void> {
    const body = encodeSubscriptionGroupConfig(newSubscriptionGroupConfig(config.groupName, config));
    for (const addr of await this.targetAddrs(target)) {
      await this.broker(
        addr,
        createRequest(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, undefined, body),
      );
    }
  }

  async deleteSubscriptionGroup(target: AdminTarget, groupName: string, removeOffset = false): Promise<void> {
    const header = DeleteSubscriptionGroupRequestHeader.encode({ groupName, removeOffset });
    for (const addr of await this.targetAddrs(target)) {
      await this.broker(addr, createRequest(RequestCode.DELETE_SUBSCRIPTIONGROUP, header));
    }
  }

  async getAllTopicConfig(brokerAddr: string): Promise<TopicConfigSerializeWrapper> {
    const response = await this.broker(brokerAddr, createRequest(RequestCode.GET_ALL_TOPIC_CONFIG));
    return decodeTopicConfigSerializeWrapper(bodyOf(response));
  }

  async getAllSubscriptionGroup(brokerAddr: string): Promise<SubscriptionGroupWrapper> {
    const response = await this.broker(
      brokerAddr,
      createRequest(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG),
    );
    return decodeSubscriptionGroupWrapper(bodyOf(response));
  }

  // ---- stats -------------------------------------------------------------------------------

  /** GET_TOPIC_STATS_INFO from every master serving topic, merged. */
  async examineTopicStats(topic: string): Promise<TopicStatsTable> {
    const header = GetTopicStatsInfoRequestHeader.encode({ topic });
    const tables = await this.fromMasters(topic, async (addr) =>
      decodeTopicStatsTable(
        bodyOf(await this.broker(addr, createRequest(RequestCode.GET_TOPIC_STATS_INFO, header))),
      ),
    );
    return mergeTopicStats(tables);
  }

  /** GET_CONSUME_STATS from every master serving the group (its retry topic's route), merged, with the lag total. */
  async examineConsumeStats(consumerGroup: string, topic?: string): Promise<MergedConsumeStats> {
    const header = GetConsumeStatsRequestHeader.encode(
      topic === undefined ? { consumerGroup } : { consumerGroup, topic },
    );
    const stats: ConsumeStats[] = await this.fromMasters(retryTopicOf(consumerGroup), async (addr) =>
      decodeConsumeStats(
        bodyOf(await this.broker(addr, createRequest(RequestCode.GET_CONSUME_STATS, header))),
      ),
    );
    return mergeConsumeStats(stats);
  }

  async examineConsumerConnectionInfo(consumerGroup: string): Promise<ConsumerConnection> {
    const route = await this.examineTopicRouteInfo(retryTopicOf(consumerGroup));
    const addr = route.brokerDatas.map(masterAddrOf).find((a) => a !== undefined);
    if (addr === undefined)
      throw new MQClientError('BROKER_NOT_FOUND', `no broker serves group ${consumerGroup}`);
    const header = GetConsumerConnectionListRequestHeader.encode({ consumerGroup });
    return decodeConsumerConnection(
      bodyOf(await this.broker(addr, createRequest(RequestCode.GET_CONSUMER_CONNECTION_LIST, header))),
    );
  }

  async fetchBrokerRuntimeStats(brokerAddr: string): Promise<KVTable> {
    return decodeKVTable(
      bodyOf(await this.broker(brokerAddr, createRequest(RequestCode.GET_BROKER_RUNTIME_INFO))),
    );
  }

  /** GET_BROKER_CONFIG: the broker's `key=value` properties. */
  async getBrokerConfig(brokerAddr: string): Promise<Map<string, string>> {
    return parseBrokerConfig(
      bodyOf(await this.broker(brokerAddr, createRequest(RequestCode.GET_BROKER_CONFIG))).toString('utf8'),
    );
  }

  /** INVOKE_BROKER_TO_RESET_OFFSET on every master of topic; returns the new offsets. */
  async resetOffsetByTimestamp(
    topic: string,
    group: string,
    timestampMs: number,
    isForce = true,
  ): Promise<Array<[MessageQueue, number]>> {
    const header = ResetOffsetRequestHeader.encode({ topic, group, timestamp: timestampMs, isForce });
    const tables = await this.fromMasters(topic, async (addr) => {
      const response = await this.broker(
        addr,
        createRequest(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, header),
      );
      return response.body === undefined || response.body.length === 0
        ? []
        : decodeResetOffsetBody(response.body).offsetTable;
    });
    return tables.flat();
  }

  // ---- helpers -----------------------------------------------------------------------------

  private async targetAddrs(target: AdminTarget): Promise<string[]> {
    if ('brokerAddr' in target) return [target.brokerAddr];
    const addrs = await this.masterAddrsOfCluster(target.clusterName);
    if (addrs.length === 0)
      throw new MQClientError('BROKER_NOT_FOUND', `cluster ${target.clusterName} has no master`);
    return addrs;
  }

  private namesrv(request: RemotingCommand): Promise<RemotingCommand> {
    return this.remoting.invokeNamesrvExpect(request, this.config.requestTimeoutMs);
  }
}

function bodyOf(response: RemotingCommand): Buffer {
  return response.body ?? Buffer.from('{}');
}
