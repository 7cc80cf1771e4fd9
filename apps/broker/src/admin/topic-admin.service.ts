/**
 * Topic changes shared by the remoting codes (UPDATE_AND_CREATE_TOPIC, DELETE_TOPIC_IN_BROKER) and
 * the REST admin: name and queue-count validation, system topics refused, and on delete the
 * topic's consume queues, offsets and traffic counters dropped with it.
 */
import { isSystemTopic, TopicConfig, topicNameProblem } from '@rmq/protocol';
import type { BrokerController } from '../broker-controller';
import { BadRequestError, TopicNotExistError } from '../errors/broker.errors';

/** RocketMQ has no hard cap; this keeps one admin call from creating an absurd number of queues. */
export const TOPIC_QUEUE_NUMS_MAX = 1024;

export class TopicAdminService {
  constructor(private readonly broker: BrokerController) {}

  async upsert(config: TopicConfig): Promise<void> {
    const topic = config.topicName;
    const problem = topicNameProblem(topic);
    if (problem !== undefined) throw new BadRequestError(problem, { topic });
    if (isSystemTopic(topic)) {
      throw new BadRequestError(`The topic[${topic}] is conflict with system reserved words.`, { topic });
    }
    for (const [name, value] of [
      ['readQueueNums', config.readQueueNums],
      ['writeQueueNums', config.writeQueueNums],
    ] as const) {
      if (!Number.isInteger(value) || value < 1 || value > TOPIC_QUEUE_NUMS_MAX) {
        throw new BadRequestError(`${name} must be an integer from 1 to ${TOPIC_QUEUE_NUMS_MAX}`, { topic });
      }
    }
    await this.broker.topics.updateTopicConfig(config);
  }

  async delete(topic: string, mustExist = false): Promise<void> {
    if (isSystemTopic(topic))
      throw new BadRequestError(`The topic[${topic}] is a system topic and cannot be deleted`);
    const deleted = await this.broker.topics.deleteTopicConfig(topic);
    if (!deleted && mustExist) throw new TopicNotExistError(topic, 'on this broker');
    this.broker.store.cleanTopic(topic);
    this.broker.offsets.removeTopic(topic);
    this.broker.stats.forgetTopic(topic);
  }
}
