/**
 * The environment layer. `RMQ_<KEY_IN_UPPER_SNAKE>` sets any key or alias (`RMQ_LISTEN_PORT`,
 * `RMQ_BROKER_IP1`); a key's native variables (RocketMQ's `NAMESRV_ADDR`, `ROCKETMQ_HOME`) also
 * set it, and `RMQ_*` wins over them. Unknown `RMQ_*` variables only earn a notice, because one
 * environment is often shared by several apps, each with its own keys.
 */
import { ConfigIssue, configIssue } from './config-issue';
import { ConfigSchema, ENV_PREFIX, KeyMap } from './config-schema';
import { Assignment } from './config-source';
import { Env } from './config-keys';

export interface EnvLayer {
  readonly assignments: readonly Assignment[];
  readonly issues: readonly ConfigIssue[];
}

export function readEnvLayer<K extends KeyMap>(env: Env, schema: ConfigSchema<K>): EnvLayer {
  const native: Assignment[] = [];
  const prefixed: Assignment[] = [];
  const issues: ConfigIssue[] = [];
  for (const variable of Object.keys(env).sort()) {
    const value = env[variable];
    if (value === undefined) continue;
    const source = { kind: 'env', variable } as const;
    const spelling = schema.envVars.get(variable);
    if (spelling !== undefined) {
      (variable.startsWith(ENV_PREFIX) ? prefixed : native).push({ key: spelling, value, source });
    } else if (variable.startsWith(ENV_PREFIX)) {
      issues.push(configIssue('notice', source, `not a ${schema.app} key; ignored`));
    }
  }
  // Later assignments win within a layer, so the RMQ_* form comes last.
  return { assignments: [...native, ...prefixed], issues };
}
