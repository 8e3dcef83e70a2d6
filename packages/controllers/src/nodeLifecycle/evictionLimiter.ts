/**
 * The per-zone NoExecute tainting queue of kube's node lifecycle controller: nodes that went not
 * Ready wait in their zone's queue, in the order they went, and a token bucket (burst 1, kube's
 * EvictionRateLimiterBurst) lets them through at the zone's rate; a rate of 0 lets none through.
 * Swapping the rate starts a full bucket, drained when the old one was empty (kube's SwapLimiter),
 * so a rate change never grants an extra taint. Time comes in as arguments (ms); no I/O.
 * Upstream: pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go (RateLimitedTimedQueue,
 *           SwapLimiter, Try), k8s.io/client-go/util/flowcontrol (NewTokenBucketRateLimiter)
 */

export class ZoneTaintQueue {
  private readonly queue = new Set<string>();
  private tokens = 1;
  private last: number;

  constructor(private qps: number, now: number) {
    this.last = now;
  }

  get rate(): number {
    return this.qps;
  }

  add(node: string): void {
    this.queue.add(node);
  }

  remove(node: string): void {
    this.queue.delete(node);
  }

  clear(): void {
    this.queue.clear();
  }

  get size(): number {
    return this.queue.size;
  }

  private refill(now: number): void {
    if (this.qps > 0) this.tokens = Math.min(1, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
  }

  swapRate(qps: number, now: number): void {
    if (qps === this.qps) return;
    this.refill(now);
    const saturated = this.tokens < 1;
    this.qps = qps;
    this.tokens = saturated ? 0 : 1;
  }

  /** The nodes let through now, in queue order, each taking a token (and leaving the queue). */
  take(now: number): string[] {
    this.refill(now);
    const out: string[] = [];
    for (const node of this.queue) {
      if (this.qps <= 0 || this.tokens < 1) break;
      this.tokens -= 1;
      this.queue.delete(node);
      out.push(node);
    }
    return out;
  }

  /** When the next waiting node may go (ms), or undefined if none waits or the rate is 0. */
  nextAt(now: number): number | undefined {
    if (!this.queue.size || this.qps <= 0) return undefined;
    this.refill(now);
    return this.tokens >= 1 ? now : now + ((1 - this.tokens) / this.qps) * 1000;
  }
}
