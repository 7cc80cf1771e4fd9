/** REST admin of the NameServer: what the route table holds, as plain JSON for people and scripts. */
import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { RouteInfoManager } from './route-info-manager';

@Controller('api')
export class RouteHttpController {
  constructor(private readonly routes: RouteInfoManager) {}

  @Get('cluster')
  cluster(): object {
    const info = this.routes.getAllClusterInfo();
    const live = this.routes.liveBrokers();
    const brokers = [...info.brokerAddrTable.values()].map((data) => ({
      brokerName: data.brokerName,
      cluster: data.cluster,
      brokerAddrs: Object.fromEntries(
        [...data.brokerAddrs].map(([id, addr]) => {
          const liveInfo = live.get(addr);
          return [
            String(id),
            {
              addr,
              role: id === 0 ? 'master' : 'slave',
              haServerAddr: liveInfo?.haServerAddr ?? null,
              lastUpdateTimestamp: liveInfo?.lastUpdateMs ?? null,
            },
          ];
        }),
      ),
    }));
    return { clusters: Object.fromEntries(info.clusterAddrTable), brokers };
  }

  @Get('topics')
  topics(): { topics: string[] } {
    return { topics: this.routes.getAllTopicList().sort() };
  }

  @Get('topics/:topic/route')
  route(@Param('topic') topic: string): object {
    const route = this.routes.pickupTopicRouteData(topic);
    if (!route) throw new NotFoundException(`topic ${topic} has no route on this name server`);
    return {
      topic,
      queueDatas: route.queueDatas,
      brokerDatas: route.brokerDatas.map((b) => ({ ...b, brokerAddrs: Object.fromEntries(b.brokerAddrs) })),
    };
  }
}
