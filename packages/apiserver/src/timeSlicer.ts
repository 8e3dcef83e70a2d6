/**
 * Cooperative time slicing of long work on the one event loop: a large LIST or watch burst, a
 * deletecollection, a compaction pass. Each is cut into short synchronous steps run through one
 * shared queue, so a /healthz request (or any I/O) never waits behind more than one slice.
 *
 * Contract: `run(step)` queues a synchronous step and resolves with its result (or rejects with
 * its error) once it ran. Queued steps run in FIFO order in macrotasks (setImmediate) of about
 * `budgetMs` each: a slice starts steps while less than the budget has elapsed, and a step is
 * never interrupted, so keep each step well under the budget. Between two slices the event loop
 * polls I/O. A task that awaits each step before queuing the next one takes turns with the
 * other tasks (round robin), so 250 bursts progress together instead of one after another.
 * Upstream idea: none in kube (Go preempts goroutines); this is the event-loop equivalent.
 */
export interface TimeSlicerOptions {
  /** Longest run of steps in one macrotask (default 5 ms). */
  budgetMs?: number;
  /** Milliseconds, monotonic (injected in tests). */
  now?: () => number;
}

interface Queued {
  step: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class TimeSlicer {
  private queue: Queued[] = [];
  private scheduled = false;
  private readonly budgetMs: number;
  private readonly now: () => number;

  constructor(o: TimeSlicerOptions = {}) {
    this.budgetMs = o.budgetMs ?? 5;
    this.now = o.now ?? (() => performance.now());
  }

  run<T>(step: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ step, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Steps queued and not yet run. */
  get pending(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(this.slice);
  }

  private readonly slice = (): void => {
    this.scheduled = false;
    const start = this.now();
    const batch = this.queue;
    let i = 0;
    while (i < batch.length && (i === 0 || this.now() - start < this.budgetMs)) {
      const q = batch[i++]!;
      try {
        q.resolve(q.step());
      } catch (e) {
        q.reject(e);
      }
    }
    this.queue = batch.slice(i);
    this.schedule();
  };
}
