/**
 * AllocateMessageQueueAveragely: the default way consumers of a clustering group share queues.
 * Both lists must be sorted the same way on every client (they are: mqs by topic/broker/queueId,
 * client ids as strings) so that each client computes its own share and no queue is left out or
 * taken twice. The first `mqs % cids` clients get one queue more; each takes a contiguous block.
 */
import { MessageQueue } from '@rmq/protocol';

export type AllocateMessageQueueStrategy = (
  consumerGroup: string,
  currentCID: string,
  mqAll: readonly MessageQueue[],
  cidAll: readonly string[],
) => MessageQueue[];

export const allocateMessageQueueAveragely: AllocateMessageQueueStrategy = (
  _group,
  currentCID,
  mqAll,
  cidAll,
) => {
  const index = cidAll.indexOf(currentCID);
  if (index < 0 || mqAll.length === 0) return [];
  const mqCount = mqAll.length;
  const cidCount = cidAll.length;
  const mod = mqCount % cidCount;
  const averageSize =
    mqCount <= cidCount
      ? 1
      : mod > 0 && index < mod
        ? Math.floor(mqCount / cidCount) + 1
        : Math.floor(mqCount / cidCount);
  const startIndex = mod > 0 && index < mod ? index * averageSize : index * averageSize + mod;
  const range = Math.min(averageSize, mqCount - startIndex);
  const result: MessageQueue[] = [];
  for (let i = 0; i < range; i += 1) result.push(mqAll[(startIndex + i) % mqCount] as MessageQueue);
  return result;
};
