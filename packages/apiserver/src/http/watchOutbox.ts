/**
 * A watch's outgoing side: the lines waiting for one watcher, written to its sink only as fast
 * as its client reads, and the accounting of what it has not read yet.
 *
 * Contract:
 * - `push(line)` sends the line now when nothing waits and the sink holds less than
 *   `highWaterBytes`; otherwise queues it (a reference: a live event's line is one Buffer shared
 *   by every watcher, so a backlog of 100 watchers costs one copy of the events, not 100).
 * - Queued lines go out, in order, as the sink drains. While `hold()`-ing, nothing is sent from
 *   the queue (the initial burst is being written directly, and live events must follow it).
 * - `unread()` = queued + buffered in the sink: what the slow-consumer limit and the total
 *   budget measure. Lines pushed with `paced` (a replay of history the watcher asked for) do
 *   not count against the slow-consumer limit while queued: like the initial burst, they are
 *   sent at the reader's pace, so only a backlog of live events can exceed `maxBufferedBytes`.
 * - Over the limit, `onOverflow` runs (the watch cuts the client).
 * Upstream idea: the cacher's per-watcher result channel, staging/src/k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go
 */
import type { WatchSink } from './watchSink.js';

export type Line = string | Buffer;

const lengthOf = (l: Line) => (typeof l === 'string' ? l.length : l.byteLength);

export class WatchOutbox {
  private queue: Line[] = [];
  private head = 0;
  private queued = 0;
  private pacedQueued = 0;
  private held = true;
  private drainWaiters: Array<() => void> = [];

  constructor(
    private readonly sink: WatchSink,
    private readonly o: { highWaterBytes: number; maxBufferedBytes: number; onChange: () => void; onOverflow: () => void },
  ) {
    sink.onDrain(() => {
      this.pump();
      const w = this.drainWaiters;
      this.drainWaiters = [];
      w.forEach((r) => r());
      o.onChange();
    });
  }

  unread(): number {
    return this.queued + this.sink.buffered();
  }

  /** True when the sink holds at least the high-water mark (wait for `drained()`). */
  full(): boolean {
    return this.sink.buffered() >= this.o.highWaterBytes;
  }

  /** Resolves at the sink's next drain (or when `release()`-d at the end). */
  drained(): Promise<void> {
    return new Promise((r) => this.drainWaiters.push(r));
  }

  /** Writes straight to the sink, ahead of the queue (the initial burst while holding). */
  write(line: Line): void {
    this.sink.send(line);
  }

  /** `write` of a line given in pieces (sent without joining them where the sink can). */
  writeParts(parts: Buffer[]): void {
    this.sink.sendParts(parts);
  }

  push(line: Line, paced = false): void {
    if (!this.held && this.head === this.queue.length && !this.full()) {
      this.sink.send(line);
    } else {
      this.queue.push(line);
      this.queued += lengthOf(line);
      if (paced) this.pacedQueued += lengthOf(line);
    }
    if (this.unread() - this.pacedQueued > this.o.maxBufferedBytes) return this.o.onOverflow();
    this.o.onChange();
  }

  hold(): void {
    this.held = true;
  }

  /** Starts (or resumes) sending the queue. */
  open(): void {
    this.held = false;
    this.pump();
  }

  /** Frees what is queued and wakes anyone waiting (the watch ended). */
  release(): void {
    this.queue = [];
    this.head = 0;
    this.queued = this.pacedQueued = 0;
    const w = this.drainWaiters;
    this.drainWaiters = [];
    w.forEach((r) => r());
  }

  private pump(): void {
    if (this.held) return;
    while (this.head < this.queue.length && !this.full()) {
      const line = this.queue[this.head]!;
      this.queue[this.head++] = '';
      const n = lengthOf(line);
      this.queued -= n;
      this.pacedQueued = Math.max(0, this.pacedQueued - n); // paced lines are the oldest
      this.sink.send(line);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
