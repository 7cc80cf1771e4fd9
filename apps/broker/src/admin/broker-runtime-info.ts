/**
 * GET_BROKER_RUNTIME_INFO's figures (RocketMQ's AdminBrokerProcessor.prepareRuntimeInfo plus the
 * store's runtime info), gathered once as numbers and rendered two ways: as RocketMQ's KVTable
 * (string values, its key names and text formats, e.g. `putTps` = "tps10 tps60 tps600") for mqadmin
 * brokerStatus and the dashboard, and as numbers for /metrics and the REST admin. Figures this
 * broker has no counterpart for (thread-pool queues: requests run on the event loop) are 0.
 */
import { NodeFileSystem, DefaultMessageStore } from '@rmq/store';
import { CURRENT_VERSION, decodeStoredMessage } from '@rmq/protocol';
import type { BrokerController } from '../broker-controller';
import type { BrokerStatsSnapshot, TpsTriple } from '../stats/broker-stats-manager';

export const BROKER_VERSION_DESC = 'V4_9_8';
/** Queue capacities RocketMQ reports by default (sendThreadPoolQueueCapacity etc.). */
const SEND_QUEUE_CAPACITY = 10_000;
const PULL_QUEUE_CAPACITY = 100_000;
const QUERY_QUEUE_CAPACITY = 20_000;

export interface DiskUsage {
  /** Used fraction 0..1, or -1 when unknown. */
  ratio: number;
  totalBytes: number;
  freeBytes: number;
}

export interface BrokerRuntimeInfo {
  stats: BrokerStatsSnapshot;
  commitLogMaxOffset: number;
  commitLogMinOffset: number;
  commitLogDisk: DiskUsage;
  consumeQueueDisk: DiskUsage;
  dispatchBehindBytes: number;
  remainHowManyDataToFlush: number;
  bootTimestamp: number;
  runtimeMs: number;
  earliestMessageTimeStamp: number;
  putMessageAverageSize: number;
}

const fs = new NodeFileSystem();

export function diskUsageOf(path: string): DiskUsage {
  try {
    const { totalBytes, freeBytes } = fs.diskUsage(path);
    const ratio = totalBytes > 0 ? (totalBytes - freeBytes) / totalBytes : -1;
    return { ratio, totalBytes, freeBytes };
  } catch {
    return { ratio: -1, totalBytes: 0, freeBytes: 0 };
  }
}

export function collectRuntimeInfo(broker: BrokerController, nowMs = Date.now()): BrokerRuntimeInfo {
  const { store, config } = broker;
  const stats = broker.stats.snapshot();
  const fileStore = store instanceof DefaultMessageStore ? store : undefined;
  const minPhy = store.getMinPhyOffset();
  return {
    stats,
    commitLogMaxOffset: store.getMaxPhyOffset(),
    commitLogMinOffset: minPhy,
    commitLogDisk: diskUsageOf(config.storePathCommitLog),
    consumeQueueDisk: diskUsageOf(config.storePathConsumeQueue),
    dispatchBehindBytes: fileStore?.dispatchBehindBytes() ?? 0,
    remainHowManyDataToFlush: fileStore?.commitLog.unflushedBytes() ?? 0,
    bootTimestamp: broker.bootTimestamp,
    runtimeMs: Math.max(0, nowMs - broker.bootTimestamp),
    earliestMessageTimeStamp: storeTimeAt(broker, minPhy),
    putMessageAverageSize: stats.putNums > 0 ? stats.putBytes / stats.putNums : 0,
  };
}

/** RocketMQ's KVTable keys and value formats. */
export function runtimeInfoTable(info: BrokerRuntimeInfo): Map<string, string> {
  const s = info.stats;
  const entries: Array<[string, string | number]> = [
    ['brokerVersionDesc', BROKER_VERSION_DESC],
    ['brokerVersion', CURRENT_VERSION],
    ['msgPutTotalYesterdayMorning', s.putTotalYesterdayMorning],
    ['msgPutTotalTodayMorning', s.putTotalTodayMorning],
    ['msgPutTotalTodayNow', s.putNums],
    ['msgGetTotalYesterdayMorning', s.getTotalYesterdayMorning],
    ['msgGetTotalTodayMorning', s.getTotalTodayMorning],
    ['msgGetTotalTodayNow', s.getNums],
    ['sendThreadPoolQueueSize', 0],
    ['sendThreadPoolQueueCapacity', SEND_QUEUE_CAPACITY],
    ['pullThreadPoolQueueSize', 0],
    ['pullThreadPoolQueueCapacity', PULL_QUEUE_CAPACITY],
    ['queryThreadPoolQueueSize', 0],
    ['queryThreadPoolQueueCapacity', QUERY_QUEUE_CAPACITY],
    ['dispatchBehindBytes', info.dispatchBehindBytes],
    ['pageCacheLockTimeMills', 0],
    ['earliestMessageTimeStamp', info.earliestMessageTimeStamp],
    ['startAcceptSendRequestTimeStamp', 0],
    ['bootTimestamp', info.bootTimestamp],
    ['runtime', runtimeText(info.runtimeMs)],
    ['putMessageTimesTotal', s.putNums],
    ['putMessageSizeTotal', s.putBytes],
    ['putMessageAverageSize', javaDouble(info.putMessageAverageSize)],
    ['putTps', tpsText(s.putTps)],
    ['getMissTps', tpsText(s.getMissTps)],
    ['getFoundTps', tpsText(s.getFoundTps)],
    ['getTransferedTps', tpsText(s.getTransferedTps)],
    ['getTotalTps', tpsText(s.getTotalTps)],
    ['commitLogMinOffset', info.commitLogMinOffset],
    ['commitLogMaxOffset', info.commitLogMaxOffset],
    ['commitLogDiskRatio', javaDouble(info.commitLogDisk.ratio)],
    ['consumeQueueDiskRatio', javaDouble(info.consumeQueueDisk.ratio)],
    ['commitLogDirCapacity', capacityText(info.commitLogDisk)],
    ['remainHowManyDataToFlush', humanReadableByteCount(info.remainHowManyDataToFlush)],
  ];
  return new Map(entries.map(([k, v]) => [k, String(v)]));
}

/** `[ 1 days, 2 hours, 3 minutes, 4 seconds ]`, as the store's runtime info writes it. */
export function runtimeText(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return `[ ${days} days, ${hours} hours, ${minutes} minutes, ${seconds % 60} seconds ]`;
}

/** Java's Double.toString for ordinary magnitudes: always a decimal point. */
export function javaDouble(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

function tpsText(tps: TpsTriple): string {
  return tps.map((v) => javaDouble(Math.round(v * 100) / 100)).join(' ');
}

/** MixAll.humanReadableByteCount(bytes, false): `512 B`, `1.5 KiB`, `2.0 GiB`. */
export function humanReadableByteCount(bytes: number): string {
  const unit = 1024;
  if (bytes < unit) return `${bytes} B`;
  const exp = Math.min(6, Math.floor(Math.log(bytes) / Math.log(unit)));
  return `${(bytes / unit ** exp).toFixed(1)} ${'KMGTPE'.charAt(exp - 1)}iB`;
}

function capacityText(disk: DiskUsage): string {
  return `Total : ${humanReadableByteCount(disk.totalBytes)}, Free : ${humanReadableByteCount(disk.freeBytes)}.`;
}

function storeTimeAt(broker: BrokerController, phyOffset: number): number {
  if (broker.store.getMaxPhyOffset() <= phyOffset) return 0;
  const record = broker.store.lookMessageByOffset(phyOffset);
  if (record === undefined) return 0;
  try {
    return decodeStoredMessage(record, 0, { verifyBodyCrc: false }).storeTimestamp;
  } catch {
    return 0;
  }
}
