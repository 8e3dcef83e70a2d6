/**
 * ProcessorListener: one event handler with its own unbounded buffer and its own pump.
 *
 * Contract: notifications reach the handler in the order they were added, one at a time (an
 * async handler is awaited before the next call). A slow or throwing handler only delays its
 * own buffer: `add` never blocks and never throws; handler errors go to `onError` and the pump
 * goes on. `stop()` drops what is still buffered and resolves once the call in progress ends.
 * Upstream: staging/src/k8s.io/client-go/tools/cache/shared_informer.go (processorListener)
 */
import type { Delta } from './reflector.js';

export interface ResourceEventHandler<T> {
  onAdd?(obj: T, isInInitialList: boolean): void | Promise<void>;
  onUpdate?(oldObj: T, newObj: T): void | Promise<void>;
  /** Receives the last known state of the deleted object. */
  onDelete?(obj: T): void | Promise<void>;
}

export class ProcessorListener<T> {
  private buffer: Delta<T>[] = [];
  private head = 0;
  private pumping: Promise<void> | undefined;
  private stopped = false;
  private enqueued = 0;
  private processed = 0;
  /** Notifications that had to be processed before this handler counts as synced. */
  private syncMark: number | undefined;

  constructor(
    private readonly handler: ResourceEventHandler<T>,
    private readonly onError: (err: unknown, d: Delta<T>) => void,
  ) {}

  add(d: Delta<T>): void {
    if (this.stopped) return;
    this.buffer.push(d);
    this.enqueued++;
    this.pumping ??= this.pump();
  }

  /** Marks everything enqueued so far as this handler's initial state. */
  markSynced(): void {
    this.syncMark ??= this.enqueued;
  }

  /** True once the initial state has been handed to the handler. */
  hasSynced(): boolean {
    return this.syncMark !== undefined && this.processed >= this.syncMark;
  }

  pending(): number {
    return this.buffer.length - this.head;
  }

  /** Resolves when the buffer is empty and no call is in progress. */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.buffer = [];
    this.head = 0;
    await this.idle();
  }

  private async pump(): Promise<void> {
    // Yield first so `add` returns before any handler code runs.
    await Promise.resolve();
    while (this.head < this.buffer.length) {
      const d = this.buffer[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.buffer.length) {
        this.buffer = this.buffer.slice(this.head);
        this.head = 0;
      }
      try {
        await this.dispatch(d);
      } catch (e: unknown) {
        this.onError(e, d);
      }
      this.processed++;
    }
    this.pumping = undefined;
  }

  private dispatch(d: Delta<T>): void | Promise<void> {
    const h = this.handler;
    if (d.type === 'add') return h.onAdd?.(d.obj, d.initial);
    if (d.type === 'update') return h.onUpdate?.(d.old, d.obj);
    return h.onDelete?.(d.obj);
  }
}
