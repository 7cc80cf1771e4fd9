/**
 * A scripted NameServer for client specs: real TCP on 127.0.0.1 (libs/remoting's RemotingServer),
 * routes set by the test, every request recorded, any code overridable. Not a NameServer: it keeps
 * no broker liveness and knows only what the test told it.
 */
import {
  createResponse,
  DeleteTopicFromNamesrvRequestHeader,
  encodeClusterInfo,
  encodeTopicList,
  encodeTopicRouteData,
  GetRouteInfoRequestHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
  TopicRouteData,
} from '@rmq/protocol';
import { RemotingServer } from '@rmq/remoting';
import { LOOPBACK, ScriptedServer } from './scripted-server';

export class FakeNamesrv extends ScriptedServer {
  readonly routes = new Map<string, TopicRouteData>();

  private constructor(server: RemotingServer, port: number) {
    super(server, port);
  }

  /** port: from @rmq/testing's freePort (the harness ships in the build, so it does not import it). */
  static async start(port: number): Promise<FakeNamesrv> {
    const server = new RemotingServer({ port, host: LOOPBACK });
    const namesrv = new FakeNamesrv(server, port);
    await server.listen();
    return namesrv;
  }

  protected answer(request: RemotingCommand): RemotingCommand {
    switch (request.code) {
      case RequestCode.GET_ROUTEINFO_BY_TOPIC: {
        const { topic } = GetRouteInfoRequestHeader.decode(request.extFields);
        const route = this.routes.get(topic);
        if (route === undefined) {
          return createResponse(request, ResponseCode.TOPIC_NOT_EXIST, {
            remark: `No topic route info in name server for the topic: ${topic}`,
          });
        }
        return createResponse(request, ResponseCode.SUCCESS, {
          body: encodeTopicRouteData(route, { standardJson: true }),
        });
      }
      case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER:
        return createResponse(request, ResponseCode.SUCCESS, {
          body: encodeTopicList({ topicList: [...this.routes.keys()] }),
        });
      case RequestCode.GET_BROKER_CLUSTER_INFO:
        return createResponse(request, ResponseCode.SUCCESS, { body: encodeClusterInfo(this.clusterInfo()) });
      case RequestCode.DELETE_TOPIC_IN_NAMESRV:
        this.routes.delete(DeleteTopicFromNamesrvRequestHeader.decode(request.extFields).topic);
        return createResponse(request, ResponseCode.SUCCESS);
      default:
        return createResponse(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, {
          remark: `fake namesrv: ${request.code}`,
        });
    }
  }

  private clusterInfo(): Parameters<typeof encodeClusterInfo>[0] {
    const brokerAddrTable = new Map<string, TopicRouteData['brokerDatas'][number]>();
    const clusterAddrTable = new Map<string, string[]>();
    for (const route of this.routes.values()) {
      for (const broker of route.brokerDatas) {
        brokerAddrTable.set(broker.brokerName, broker);
        const names = clusterAddrTable.get(broker.cluster) ?? [];
        if (!names.includes(broker.brokerName)) names.push(broker.brokerName);
        clusterAddrTable.set(broker.cluster, names);
      }
    }
    return { brokerAddrTable, clusterAddrTable };
  }
}
