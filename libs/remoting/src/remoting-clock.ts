/**
 * The clock port: a monotonic millisecond reading used for deadlines and idle checks. It never
 * goes backwards, so a wall-clock jump cannot time out every request at once.
 */
import { performance } from 'node:perf_hooks';

export interface RemotingClock {
  nowMs(): number;
}

export const MONOTONIC_CLOCK: RemotingClock = Object.freeze({ nowMs: () => performance.now() });
