/**
 * Remoting handlers of the NameServer's route codes: broker registration and the route, cluster
 * and topic-list queries clients and admin tools make (protocol.md §2.3 "NameServer").
 */
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { RemotingContext, RemotingHandler, RemotingReply, reply } from '@rmq/nest-kit';
import {
  AddWritePermOfBrokerRequestHeader,
  AddWritePermOfBrokerResponseHeader,
  DeleteTopicFromNamesrvRequestHeader,
  encodeClusterInfo,
  encodeDataVersion,
  encodeTopicList,
  encodeTopicRouteData,
  GetRouteInfoRequestHeader,
  GetTopicsByClusterRequestHeader,
  QueryDataVersionRequestHeader,
  QueryDataVersionResponseHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
  decodeDataVersion,
  UnRegisterBrokerRequestHeader,
  WipeWritePermOfBrokerRequestHeader,
  WipeWritePermOfBrokerResponseHeader,
  wantsStandardRouteJson,
} from '@rmq/protocol';
import { NAMESRV_CONFIG, NamesrvRuntimeConfig } from '../namesrv.tokens';
import { KvConfigManager } from '../kv/kv-config-manager';
import { ORDER_TOPIC_CONFIG_NAMESPACE } from '../kv/kv-config.handlers';
import { BrokerRegistrationService } from './broker-registration.service';
import { RouteInfoManager } from './route-info-manager';

@Controller()
export class RouteHandlers {
  constructor(
    private readonly routes: RouteInfoManager,
    private readonly registration: BrokerRegistrationService,
    private readonly kv: KvConfigManager,
    @Inject(NAMESRV_CONFIG) private readonly config: NamesrvRuntimeConfig,
  ) {}

  @RemotingHandler(RequestCode.REGISTER_BROKER)
  registerBroker(@Payload() request: RemotingCommand, @Ctx() ctx: RemotingContext): RemotingReply {
    return this.registration.register(request, ctx.channel);
  }

  @RemotingHandler(RequestCode.UNREGISTER_BROKER)
  unregisterBroker(@Payload() request: RemotingCommand): RemotingReply {
    const h = UnRegisterBrokerRequestHeader.decode(request.extFields);
    this.routes.unregisterBroker(h.clusterName, h.brokerAddr, h.brokerName, h.brokerId);
    return reply(ResponseCode.SUCCESS);
  }

  @RemotingHandler(RequestCode.GET_ROUTEINFO_BY_TOPIC)
  getRouteInfoByTopic(@Payload() request: RemotingCommand): RemotingReply {
    const h = GetRouteInfoRequestHeader.decode(request.extFields);
    const route = this.routes.pickupTopicRouteData(h.topic);
    if (!route) {
      return reply(ResponseCode.TOPIC_NOT_EXIST, {
        remark: `No route info of topic ${h.topic} on this name server`,
      });
    }
    if (this.config.orderMessageEnable) {
      const orderTopicConf = this.kv.get(ORDER_TOPIC_CONFIG_NAMESPACE, h.topic);
      if (orderTopicConf !== undefined) route.orderTopicConf = orderTopicConf;
    }
    const standardJson = wantsStandardRouteJson(request.version, h);
    return reply(ResponseCode.SUCCESS, { body: encodeTopicRouteData(route, { standardJson }) });
  }

  @RemotingHandler(RequestCode.GET_BROKER_CLUSTER_INFO)
  getBrokerClusterInfo(): RemotingReply {
    return reply(ResponseCode.SUCCESS, { body: encodeClusterInfo(this.routes.getAllClusterInfo()) });
  }

  @RemotingHandler(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)
  getAllTopicList(): RemotingReply {
    return reply(ResponseCode.SUCCESS, {
      body: encodeTopicList({ topicList: this.routes.getAllTopicList() }),
    });
  }

  @RemotingHandler(RequestCode.GET_TOPICS_BY_CLUSTER)
  getTopicsByCluster(@Payload() request: RemotingCommand): RemotingReply {
    const h = GetTopicsByClusterRequestHeader.decode(request.extFields);
    return reply(ResponseCode.SUCCESS, {
      body: encodeTopicList({ topicList: this.routes.getTopicsByCluster(h.cluster) }),
    });
  }

  @RemotingHandler(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS)
  getSystemTopicList(): RemotingReply {
    return reply(ResponseCode.SUCCESS, { body: encodeTopicList(this.routes.getSystemTopicList()) });
  }

  @RemotingHandler(RequestCode.WIPE_WRITE_PERM_OF_BROKER)
  wipeWritePermOfBroker(@Payload() request: RemotingCommand): RemotingReply {
    const h = WipeWritePermOfBrokerRequestHeader.decode(request.extFields);
    const wipeTopicCount = this.routes.setWritePermOfBroker(h.brokerName, false);
    return reply(ResponseCode.SUCCESS, {
      extFields: WipeWritePermOfBrokerResponseHeader.encode({ wipeTopicCount }),
    });
  }

  @RemotingHandler(RequestCode.ADD_WRITE_PERM_OF_BROKER)
  addWritePermOfBroker(@Payload() request: RemotingCommand): RemotingReply {
    const h = AddWritePermOfBrokerRequestHeader.decode(request.extFields);
    const addTopicCount = this.routes.setWritePermOfBroker(h.brokerName, true);
    return reply(ResponseCode.SUCCESS, {
      extFields: AddWritePermOfBrokerResponseHeader.encode({ addTopicCount }),
    });
  }

  @RemotingHandler(RequestCode.DELETE_TOPIC_IN_NAMESRV)
  deleteTopicInNamesrv(@Payload() request: RemotingCommand): RemotingReply {
    const h = DeleteTopicFromNamesrvRequestHeader.decode(request.extFields);
    this.routes.deleteTopic(h.topic, h.clusterName);
    return reply(ResponseCode.SUCCESS);
  }

  @RemotingHandler(RequestCode.QUERY_DATA_VERSION)
  queryDataVersion(@Payload() request: RemotingCommand): RemotingReply {
    const h = QueryDataVersionRequestHeader.decode(request.extFields);
    const asked = request.body ? decodeDataVersion(request.body) : { counter: 0, timestamp: 0 };
    const { changed, current } = this.routes.queryBrokerTopicConfig(h.brokerAddr, asked);
    const parts: Omit<RemotingReply, 'code'> = {
      extFields: QueryDataVersionResponseHeader.encode({ changed }),
    };
    if (current) parts.body = encodeDataVersion(current);
    return reply(ResponseCode.SUCCESS, parts);
  }
}
