/** mqadmin cluster commands: clusterList, brokerStatus. */
import { AdminCommand, need, NAMESRV_OPTION, row } from '../admin-command';

export const clusterList: AdminCommand = {
  name: 'clusterList',
  description: 'List all of clusters',
  options: [NAMESRV_OPTION],
  required: [],
  async run({ admin, out }) {
    const client = await admin();
    const info = await client.examineBrokerClusterInfo();
    out(row('#Cluster Name', '#Broker Name', '#BID', '#Addr', '#Version', '#InTPS', '#OutTPS'));
    for (const [cluster, brokerNames] of info.clusterAddrTable) {
      for (const brokerName of [...brokerNames].sort()) {
        const broker = info.brokerAddrTable.get(brokerName);
        for (const [id, addr] of broker?.brokerAddrs ?? []) {
          const kv = await client.fetchBrokerRuntimeStats(addr).catch(() => undefined);
          const get = (key: string): string => kv?.table.get(key) ?? '';
          out(
            row(
              cluster,
              brokerName,
              id,
              addr,
              get('brokerVersionDesc'),
              get('putTps').split(' ')[0] ?? '',
              get('getTransferedTps').split(' ')[0] ?? '',
            ),
          );
        }
      }
    }
  },
};

export const brokerStatus: AdminCommand = {
  name: 'brokerStatus',
  description: 'Fetch broker runtime status data',
  options: [
    NAMESRV_OPTION,
    { short: 'b', long: 'brokerAddr', kind: 'string', description: 'broker address (ip:port)' },
  ],
  required: ['brokerAddr'],
  async run({ options, admin, out }) {
    const kv = await (await admin()).fetchBrokerRuntimeStats(need(options, 'brokerAddr'));
    for (const [key, value] of [...kv.table].sort(([a], [b]) => a.localeCompare(b)))
      out(`${key.padEnd(32)}: ${value}`);
  },
};
