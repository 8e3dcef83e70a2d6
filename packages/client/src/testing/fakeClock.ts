/**
 * FakeClock: a manually advanced `Clock` for deterministic tests of queues, reflectors and
 * leader election.
 *
 * Contract: time moves only through `advance`/`step`. Timers fire in due-time order (ties in
 * creation order), each observing `now()` equal to its due time; a timer created by a firing
 * callback and already due fires within the same advance.
 * Upstream: k8s.io/utils/clock/testing/fake_clock.go (FakeClock.Step).
 */
import type { Clock, Timer } from '../clock.js';

interface Pending {
  due: number;
  seq: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private pending: Pending[] = [];

  constructor(opts: { now?: number } = {}) {
    this.current = opts.now ?? 0;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): Timer {
    const p: Pending = { due: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.pending.push(p);
    return { cancel: () => void (this.pending = this.pending.filter((x) => x !== p)) };
  }

  /** Number of timers not yet fired or cancelled. */
  timerCount(): number {
    return this.pending.length;
  }

  /** Moves time forward synchronously, firing due timers in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let next = this.nextDue(target); next; next = this.nextDue(target)) {
      this.pending = this.pending.filter((x) => x !== next);
      this.current = next.due;
      next.fn();
    }
    this.current = target;
  }

  /**
   * Like `advance`, but lets promise continuations run after every fired timer, so async code
   * that awaits a timer and then arms the next one is driven to completion within `ms`.
   */
  async step(ms: number): Promise<void> {
    const target = this.current + ms;
    await flush();
    for (let next = this.nextDue(target); next; next = this.nextDue(target)) {
      this.pending = this.pending.filter((x) => x !== next);
      this.current = next.due;
      next.fn();
      await flush();
    }
    this.current = target;
    await flush();
  }

  private nextDue(limit: number): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.pending) {
      if (p.due <= limit && (!best || p.due < best.due || (p.due === best.due && p.seq < best.seq))) best = p;
    }
    return best;
  }
}

/** Lets every queued microtask and I/O-free macrotask run (a few turns of the event loop). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}
