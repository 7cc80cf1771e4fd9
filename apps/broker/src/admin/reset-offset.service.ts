/**
 * Resetting a group's offsets on a topic to a point in time (RocketMQ's Broker2Client.resetOffset,
 * INVOKE_BROKER_TO_RESET_OFFSET): per write queue, the offset of the message stored nearest the
 * timestamp (-1 = the queue's end). Without `isForce` a queue only moves backwards. Unlike 4.x,
 * the broker also commits the new offsets itself, so a reset works for a group that is offline;
 * online members get RESET_CONSUMER_CLIENT_OFFSET (220) with the table so they drop what they
 * hold in memory.
 */
import {
  createRequest,
  encodeResetOffsetBody,
  MessageQueue,
  RequestCode,
  ResetOffsetBody,
  ResetOffsetRequestHeader,
} from '@rmq/protocol';
import type { Logger } from '@rmq/observability';
import type { BrokerController } from '../broker-controller';
import { AdminQueryService } from './admin-query.service';

/** "Reset to the end of the queue" in ResetOffsetRequestHeader.timestamp. */
export const RESET_TO_MAX_OFFSET = -1;

export interface ResetOffsetRequest {
  topic: string;
  group: string;
  timestamp: number;
  isForce: boolean;
}

export interface ResetOffsetOutcome {
  body: ResetOffsetBody;
  /** Online members told to reset (oneway, best effort). */
  notifiedClients: number;
}

export class ResetOffsetService {
  private readonly queries: AdminQueryService;

  constructor(
    private readonly broker: BrokerController,
    private readonly log?: Logger,
  ) {
    this.queries = new AdminQueryService(broker);
  }

  resetOffset(req: ResetOffsetRequest): ResetOffsetOutcome {
    const config = this.queries.topicConfigOrThrow(req.topic);
    const { store, offsets } = this.broker;
    const offsetTable: Array<[MessageQueue, number]> = [];
    for (let queueId = 0; queueId < config.writeQueueNums; queueId++) {
      const target =
        req.timestamp === RESET_TO_MAX_OFFSET
          ? store.getMaxOffsetInQueue(req.topic, queueId)
          : store.getOffsetInQueueByTime(req.topic, queueId, req.timestamp);
      const current = offsets.queryOffset(req.group, req.topic, queueId);
      const next = req.isForce || current < 0 || target < current ? target : current;
      offsets.commitOffset(req.group, req.topic, queueId, Math.max(0, next), 'reset-offset');
      offsetTable.push([
        { topic: req.topic, brokerName: this.broker.config.brokerName, queueId },
        Math.max(0, next),
      ]);
    }
    const body = { offsetTable };
    return { body, notifiedClients: this.notifyClients(req, body) };
  }

  private notifyClients(req: ResetOffsetRequest, body: ResetOffsetBody): number {
    const info = this.broker.consumers.getConsumerGroupInfo(req.group);
    if (info === undefined) return 0;
    const header = ResetOffsetRequestHeader.encode({
      topic: req.topic,
      group: req.group,
      timestamp: req.timestamp,
      isForce: req.isForce,
    });
    const encoded = encodeResetOffsetBody(body);
    let notified = 0;
    for (const channel of info.channels.keys()) {
      if (!channel.isOpen) continue;
      try {
        channel.invokeOneway(createRequest(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, header, encoded));
        notified += 1;
      } catch (err) {
        this.log?.warn(
          { group: req.group, remoteAddr: channel.remoteAddr, err: String(err) },
          'reset offset push failed',
        );
      }
    }
    return notified;
  }
}
