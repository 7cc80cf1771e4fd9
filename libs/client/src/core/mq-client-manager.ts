/**
 * One MQClientInstance per clientId in the process, as Java's MQClientManager keeps them: clients
 * configured with the same `ip@instanceName` share connections and one heartbeat.
 */
import { ClientConfig, resolveClientConfig } from './client-config';
import { MQClientInstance } from './mq-client-instance';

const instances = new Map<string, MQClientInstance>();

export function getOrCreateMQClientInstance(config: ClientConfig): MQClientInstance {
  const resolved = resolveClientConfig(config);
  const existing = instances.get(resolved.clientId);
  if (existing !== undefined) return existing;
  const instance = new MQClientInstance(resolved, (closed) => {
    if (instances.get(closed.clientId) === closed) instances.delete(closed.clientId);
  });
  instances.set(resolved.clientId, instance);
  return instance;
}
