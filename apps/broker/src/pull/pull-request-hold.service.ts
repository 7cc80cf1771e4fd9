/**
 * Long polling (RocketMQ's PullRequestHoldService): a pull that finds nothing new is parked, keyed
 * by topic and queue, and answered when a matching message is dispatched to that queue, when its
 * hold time ends, or when the broker stops. Re-running the pull produces the answer; a re-run never
 * parks again. At most `heldMax` pulls are parked; past that a pull is refused as busy, so memory
 * and handler slots stay bounded.
 */
import type { MessageFilter } from '@rmq/store';
import { SystemBusyError } from '../errors/broker.errors';
import type { PullOutcome } from './pull-outcome';

export interface HeldPull {
  topic: string;
  queueId: number;
  /** The offset the consumer asked for: any entry at or past it wakes the pull. */
  offset: number;
  deadlineMs: number;
  filter: MessageFilter;
  /** Runs the pull again (without suspending). */
  rerun: () => Promise<PullOutcome>;
}

interface Parked extends HeldPull {
  resolve: (outcome: PullOutcome) => void;
  reject: (err: unknown) => void;
}

export interface PullRequestHoldOptions {
  heldMax: number;
  /** Sweep period: checks deadlines and queue heads (covers a missed arrival). */
  checkIntervalMs: number;
  maxOffsetOf: (topic: string, queueId: number) => number;
  nowMs?: () => number;
}

export class PullRequestHoldService {
  private readonly byQueue = new Map<string, Map<number, Set<Parked>>>();
  private held = 0;
  private timer: NodeJS.Timeout | undefined;
  /** After stop() nothing is parked any more: a stopping broker answers at once. */
  private stopped = false;
  private readonly nowMs: () => number;

  constructor(private readonly options: PullRequestHoldOptions) {
    this.nowMs = options.nowMs ?? Date.now;
  }

  get heldCount(): number {
    return this.held;
  }

  start(): void {
    this.stopped = false;
    this.timer ??= setInterval(() => this.sweep(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  /** Parks a pull; resolves with the answer of its re-run. */
  suspend(pull: HeldPull): Promise<PullOutcome> {
    if (this.stopped) return pull.rerun();
    if (this.held >= this.options.heldMax) {
      return Promise.reject(new SystemBusyError(`too many held pulls (${this.options.heldMax}); pull later`));
    }
    return new Promise<PullOutcome>((resolve, reject) => {
      const parked: Parked = { ...pull, resolve, reject };
      this.queueSet(pull.topic, pull.queueId, true)?.add(parked);
      this.held += 1;
    });
  }

  /** A record was dispatched at `logicOffset` of the queue (the store's arrival listener). */
  notifyMessageArriving(topic: string, queueId: number, logicOffset: number, tagsCode: number): void {
    const parked = this.queueSet(topic, queueId, false);
    if (parked === undefined) return;
    for (const pull of parked) {
      if (logicOffset >= pull.offset && pull.filter.isMatchedByConsumeQueue(tagsCode)) this.wake(pull);
    }
  }

  /** Wakes pulls whose time is up or whose queue has grown past their offset. */
  sweep(): void {
    const now = this.nowMs();
    for (const [topic, queues] of this.byQueue) {
      for (const [queueId, parked] of queues) {
        const maxOffset = this.options.maxOffsetOf(topic, queueId);
        for (const pull of parked) if (now >= pull.deadlineMs || maxOffset > pull.offset) this.wake(pull);
      }
    }
  }

  /** Answers every held pull now (broker stopping). */
  releaseAll(): void {
    for (const queues of this.byQueue.values())
      for (const parked of queues.values()) for (const p of parked) this.wake(p);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.releaseAll();
  }

  private wake(pull: Parked): void {
    const parked = this.queueSet(pull.topic, pull.queueId, false);
    if (parked === undefined || !parked.delete(pull)) return;
    this.held -= 1;
    if (parked.size === 0) this.dropQueue(pull.topic, pull.queueId);
    pull.rerun().then(pull.resolve, pull.reject);
  }

  private queueSet(topic: string, queueId: number, create: boolean): Set<Parked> | undefined {
    let queues = this.byQueue.get(topic);
    if (queues === undefined) {
      if (!create) return undefined;
      queues = new Map();
      this.byQueue.set(topic, queues);
    }
    let parked = queues.get(queueId);
    if (parked === undefined && create) {
      parked = new Set();
      queues.set(queueId, parked);
    }
    return parked;
  }

  private dropQueue(topic: string, queueId: number): void {
    const queues = this.byQueue.get(topic);
    queues?.delete(queueId);
    if (queues?.size === 0) this.byQueue.delete(topic);
  }
}
