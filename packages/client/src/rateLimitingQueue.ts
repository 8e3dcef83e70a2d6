/**
 * Rate-limiting queue: a delaying queue that asks a `RateLimiter` how long to wait.
 *
 * Contract: `addRateLimited(item)` = `addAfter(item, limiter.when(item))`; `forget(item)` resets
 * the item's back-off (call after a successful sync); `numRequeues(item)` drives the controller
 * loop's "give up after maxRetries".
 * Upstream: staging/src/k8s.io/client-go/util/workqueue/rate_limiting_queue.go
 */
import { DelayingWorkQueue, type DelayingQueue, type DelayingQueueOptions } from './delayingQueue.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rateLimiter.js';

export interface RateLimitingQueue<T = string> extends DelayingQueue<T> {
  addRateLimited(item: T): void;
  forget(item: T): void;
  numRequeues(item: T): number;
}

export interface RateLimitingQueueOptions<T> extends DelayingQueueOptions {
  /** Default: `defaultControllerRateLimiter({ clock })`. */
  rateLimiter?: RateLimiter<T>;
}

export class RateLimitingWorkQueue<T = string> extends DelayingWorkQueue<T> implements RateLimitingQueue<T> {
  private readonly limiter: RateLimiter<T>;

  constructor(opts: RateLimitingQueueOptions<T> = {}) {
    super(opts);
    this.limiter = opts.rateLimiter ?? defaultControllerRateLimiter<T>({ clock: this.clock });
  }

  addRateLimited(item: T): void {
    this.addAfter(item, this.limiter.when(item));
  }

  forget(item: T): void {
    this.limiter.forget(item);
  }

  numRequeues(item: T): number {
    return this.limiter.numRequeues(item);
  }
}
