/**
 * SYNC_FLUSH group commit (RocketMQ's GroupCommitService): puts wait here for an fsync covering their
 * end offset. One flush runs at a time; every request that arrives meanwhile shares the next one, so
 * fsyncs stay far fewer than puts. Requests are FIFO with non-decreasing end offsets and deadlines, so
 * completion and expiry both pop from the head, and one timer (for the head's deadline) serves all.
 * Bounded: at most requestsMax requests wait; each waits at most timeoutMs.
 */
export type GroupCommitOutcome =
  | { readonly kind: 'flushed' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'failed'; readonly error: Error };

interface FlushRequest {
  readonly endOffset: number;
  readonly deadlineMs: number;
  readonly done: (outcome: GroupCommitOutcome) => void;
}

export interface GroupCommitOptions {
  /** How long a request waits for its fsync (syncFlushTimeout). */
  readonly timeoutMs: number;
  readonly requestsMax: number;
  /** Monotonic ms. */
  readonly now: () => number;
}

const COMPACT_AFTER_REQUESTS = 1024;

export class GroupCommitService {
  private requests: FlushRequest[] = [];
  private head = 0;
  private flushing = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  /** `flush` commits and fsyncs everything appended so far and resolves with the flushed offset. */
  constructor(
    private readonly flush: () => Promise<number>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Requests waiting. */
  get size(): number {
    return this.requests.length - this.head;
  }

  hasRoom(count: number): boolean {
    return this.size + count <= this.options.requestsMax;
  }

  /** Resolves once an fsync covers `endOffset`, the deadline passes, or a flush fails. */
  request(endOffset: number): Promise<GroupCommitOutcome> {
    if (this.closed) return Promise.resolve({ kind: 'failed', error: new Error('group commit is closed') });
    if (!this.hasRoom(1))
      throw new Error(`group commit holds ${this.size} requests; the caller checks hasRoom`);
    return new Promise((done) => {
      this.requests.push({ endOffset, deadlineMs: this.options.now() + this.options.timeoutMs, done });
      this.armTimer();
      this.kick();
    });
  }

  /** Settles every waiting request with `outcome` and refuses new ones (shutdown). */
  close(outcome: GroupCommitOutcome): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.size > 0) this.shift().done(outcome);
  }

  private kick(): void {
    if (this.flushing || this.size === 0 || this.closed) return;
    this.flushing = true;
    this.flush().then(
      (flushedOffset) => {
        this.flushing = false;
        while (this.size > 0 && this.peek().endOffset <= flushedOffset) {
          this.shift().done({ kind: 'flushed' });
        }
        this.disarmIfIdle();
        this.kick();
      },
      (error: unknown) => {
        this.flushing = false;
        const failure = error instanceof Error ? error : new Error(String(error));
        while (this.size > 0) this.shift().done({ kind: 'failed', error: failure });
        this.disarmIfIdle();
      },
    );
  }

  private armTimer(): void {
    if (this.timer || this.size === 0 || this.closed) return;
    const delayMs = Math.max(0, this.peek().deadlineMs - this.options.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const now = this.options.now();
      while (this.size > 0 && this.peek().deadlineMs <= now) this.shift().done({ kind: 'timeout' });
      this.armTimer();
    }, delayMs);
  }

  private disarmIfIdle(): void {
    if (this.size > 0 || !this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private peek(): FlushRequest {
    return this.requests[this.head] as FlushRequest;
  }

  private shift(): FlushRequest {
    const request = this.peek();
    this.head += 1;
    if (this.head === this.requests.length) {
      this.requests = [];
      this.head = 0;
    } else if (this.head >= COMPACT_AFTER_REQUESTS && this.head * 2 >= this.requests.length) {
      this.requests = this.requests.slice(this.head);
      this.head = 0;
    }
    return request;
  }
}
