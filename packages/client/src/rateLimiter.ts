/**
 * Rate limiters: how long an item must wait before its next retry.
 *
 * Contract: `when(item)` records one more failure and returns the delay in ms; `forget(item)`
 * clears the item's history (call it after a successful sync); `numRequeues(item)` is the
 * failure count so far. All time comes from the injected `Clock`.
 * - `ItemExponentialFailureRateLimiter`: base · 2^failures, capped at max (per item).
 * - `BucketRateLimiter`: one token bucket for all items (qps, burst), like golang.org/x/time/rate
 *   `Reserve().Delay()`: a call always gets a slot, possibly in the future.
 * - `MaxOfRateLimiter`: the longest delay of its members.
 * - `defaultControllerRateLimiter()`: max(exponential 5ms→1000s, bucket 10 qps / burst 100).
 * Upstream: staging/src/k8s.io/client-go/util/workqueue/default_rate_limiters.go
 */
import { realClock, type Clock } from './clock.js';

export interface RateLimiter<T = string> {
  when(item: T): number;
  forget(item: T): void;
  numRequeues(item: T): number;
}

export interface ItemExponentialOptions {
  /** First delay in ms (default 5). */
  baseDelayMs?: number;
  /** Cap in ms (default 1000 s). */
  maxDelayMs?: number;
}

export class ItemExponentialFailureRateLimiter<T = string> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();
  private readonly base: number;
  private readonly max: number;

  constructor(opts: ItemExponentialOptions = {}) {
    this.base = opts.baseDelayMs ?? 5;
    this.max = opts.maxDelayMs ?? 1_000_000;
  }

  when(item: T): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    // 2^exp overflows to Infinity long before it matters; the cap handles both.
    const delay = this.base * 2 ** exp;
    return Number.isFinite(delay) && delay < this.max ? delay : this.max;
  }

  forget(item: T): void {
    this.failures.delete(item);
  }

  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }
}

export interface BucketOptions {
  /** Tokens added per second (default 10). */
  qps?: number;
  /** Bucket size, also the initial fill (default 100). */
  burst?: number;
  clock?: Clock;
}

export class BucketRateLimiter<T = string> implements RateLimiter<T> {
  private readonly qps: number;
  private readonly burst: number;
  private readonly clock: Clock;
  /** May go negative: that is the backlog of reservations already handed out. */
  private tokens: number;
  private last: number;

  constructor(opts: BucketOptions = {}) {
    this.qps = opts.qps ?? 10;
    this.burst = opts.burst ?? 100;
    this.clock = opts.clock ?? realClock;
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  when(_item: T): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }

  forget(_item: T): void {}

  numRequeues(_item: T): number {
    return 0;
  }
}

export class MaxOfRateLimiter<T = string> implements RateLimiter<T> {
  private readonly limiters: RateLimiter<T>[];

  constructor(...limiters: RateLimiter<T>[]) {
    this.limiters = limiters;
  }

  when(item: T): number {
    // Every member must record the failure, so no short-circuit.
    return Math.max(0, ...this.limiters.map((l) => l.when(item)));
  }

  forget(item: T): void {
    for (const l of this.limiters) l.forget(item);
  }

  numRequeues(item: T): number {
    return Math.max(0, ...this.limiters.map((l) => l.numRequeues(item)));
  }
}

/** client-go's DefaultControllerRateLimiter. */
export function defaultControllerRateLimiter<T = string>(opts: { clock?: Clock } = {}): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(
    new ItemExponentialFailureRateLimiter<T>({ baseDelayMs: 5, maxDelayMs: 1_000_000 }),
    new BucketRateLimiter<T>({ qps: 10, burst: 100, clock: opts.clock }),
  );
}
