/**
 * Consumer-group changes shared by the remoting codes and the REST admin: validated create/update
 * and delete (optionally with the group's offsets and traffic counters).
 */
import { SubscriptionGroupConfig, SubscriptionGroupWrapper } from '@rmq/protocol';
import type { BrokerController } from '../broker-controller';
import { BadRequestError, SubscriptionGroupNotExistError } from '../errors/broker.errors';

const GROUP_NAME_PATTERN = /^[%|a-zA-Z0-9_-]+$/;
const GROUP_NAME_CHARS_MAX = 255;

/** Why `group` is not a valid consumer group name (the client's Validators.checkGroup), or undefined. */
export function groupNameProblem(group: string): string | undefined {
  if (group.trim().length === 0) return 'the specified group is blank';
  if (group.length > GROUP_NAME_CHARS_MAX)
    return `the specified group is longer than ${GROUP_NAME_CHARS_MAX}`;
  if (!GROUP_NAME_PATTERN.test(group))
    return `the specified group[${group}] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$`;
  return undefined;
}

export class GroupAdminService {
  constructor(private readonly broker: BrokerController) {}

  async upsert(config: SubscriptionGroupConfig): Promise<void> {
    const problem = groupNameProblem(config.groupName);
    if (problem !== undefined) throw new BadRequestError(problem, { group: config.groupName });
    if (config.retryQueueNums < 0 || config.retryMaxTimes < 0 || config.brokerId < 0)
      throw new BadRequestError('retryQueueNums, retryMaxTimes and brokerId must not be negative', {
        group: config.groupName,
      });
    await this.broker.groups.updateSubscriptionGroupConfig(config);
  }

  /** Deletes the group's config; with `removeOffset` also its offsets. */
  async delete(group: string, removeOffset: boolean, mustExist = false): Promise<void> {
    const deleted = await this.broker.groups.deleteSubscriptionGroupConfig(group);
    if (!deleted && mustExist) throw new SubscriptionGroupNotExistError(group);
    if (removeOffset) this.broker.offsets.removeGroup(group);
    this.broker.stats.forgetGroup(group);
  }

  snapshot(): SubscriptionGroupWrapper {
    return this.broker.groups.snapshot();
  }
}
