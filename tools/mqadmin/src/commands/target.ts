/** `-b brokerAddr` or `-c clusterName`: where a create/update/delete command acts, as RocketMQ's take it. */
import type { AdminTarget } from '@rmq/client';
import type { OptionSpec, ParsedOptions } from '@rmq/config';

export const TARGET_OPTIONS: OptionSpec[] = [
  { short: 'b', long: 'brokerAddr', kind: 'string', description: 'act on this broker (ip:port)' },
  { short: 'c', long: 'clusterName', kind: 'string', description: 'act on every master of this cluster' },
];

export function targetOf(options: ParsedOptions): AdminTarget {
  const brokerAddr = options.get('brokerAddr');
  if (brokerAddr !== undefined) return { brokerAddr };
  const clusterName = options.get('clusterName');
  if (clusterName !== undefined) return { clusterName };
  throw new Error('give -b brokerAddr or -c clusterName');
}
