/**
 * Delaying queue: a work queue whose items can be added after a delay.
 *
 * Contract: `addAfter(item, ms)` adds the item once `ms` have passed on the injected clock
 * (immediately when `ms <= 0`). An item already waiting keeps the earlier of its two ready
 * times, so it is added once, at the soonest requested moment. Waiting items are dropped on
 * shut down, and `addAfter` after shut down is ignored. Each `addAfter` counts as a retry in the
 * queue's metrics (client-go's). One timer is armed, for the earliest
 * ready time only.
 * Upstream: staging/src/k8s.io/client-go/util/workqueue/delaying_queue.go
 */
import type { Timer } from './clock.js';
import { WorkQueue, type Queue, type WorkQueueOptions } from './workQueue.js';

export interface DelayingQueue<T = string> extends Queue<T> {
  addAfter(item: T, ms: number): void;
}

export type DelayingQueueOptions = WorkQueueOptions;

export class DelayingWorkQueue<T = string> extends WorkQueue<T> implements DelayingQueue<T> {
  /** Ready time per waiting item. */
  private readonly waiting = new Map<T, number>();
  private timer: Timer | undefined;
  private timerDue = Infinity;

  addAfter(item: T, ms: number): void {
    if (this.shuttingDown()) return;
    this.metrics?.retry();
    if (ms <= 0) {
      this.add(item);
      return;
    }
    const readyAt = this.clock.now() + ms;
    const existing = this.waiting.get(item);
    if (existing !== undefined && existing <= readyAt) return;
    this.waiting.set(item, readyAt);
    this.arm();
  }

  override shutDown(): void {
    this.stopWaiting();
    super.shutDown();
  }

  override shutDownWithDrain(): Promise<void> {
    this.stopWaiting();
    return super.shutDownWithDrain();
  }

  /** Number of items waiting for their delay (for tests and metrics). */
  waitingCount(): number {
    return this.waiting.size;
  }

  private stopWaiting(): void {
    this.waiting.clear();
    this.timer?.cancel();
    this.timer = undefined;
    this.timerDue = Infinity;
  }

  /** Arms the single timer for the earliest ready time, if that moved earlier. */
  private arm(): void {
    let earliest = Infinity;
    for (const t of this.waiting.values()) earliest = Math.min(earliest, t);
    if (earliest >= this.timerDue) return;
    this.timer?.cancel();
    this.timerDue = earliest;
    this.timer = this.clock.setTimer(earliest - this.clock.now(), () => this.fire());
  }

  private fire(): void {
    this.timer = undefined;
    this.timerDue = Infinity;
    const now = this.clock.now();
    // Ready items enter the queue in ready-time order, like popping client-go's heap.
    const ready = [...this.waiting].filter(([, t]) => t <= now).sort((a, b) => a[1] - b[1]);
    for (const [item] of ready) {
      this.waiting.delete(item);
      this.add(item);
    }
    if (this.waiting.size > 0) this.arm();
  }
}
