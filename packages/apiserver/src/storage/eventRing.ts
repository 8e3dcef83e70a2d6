/**
 * The revision log's in-memory window of recent events: a fixed-capacity ring, so appending to a
 * full window costs O(1) (an array that shifts its head on every append costs O(capacity) per
 * write once full, which made writes slow down as the store grew).
 *
 * Contract: items are kept in append order; `push` drops the oldest once `capacity` is reached;
 * `at(i)` is the i-th oldest; `from(i)` copies items i.. to a new array; `dropFirst(n)` forgets
 * the n oldest. Pure data structure, no I/O.
 * Upstream idea: the watch cache's cyclic buffer, staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go
 */
export class EventRing<T> {
  private readonly buf: Array<T | undefined>;
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`EventRing capacity must be at least 1, got ${capacity}`);
    this.buf = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  push(item: T): void {
    if (this.size < this.capacity) {
      this.buf[(this.head + this.size) % this.capacity] = item;
      this.size++;
    } else {
      this.buf[this.head] = item;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  at(i: number): T | undefined {
    return i >= 0 && i < this.size ? this.buf[(this.head + i) % this.capacity] : undefined;
  }

  from(i: number): T[] {
    const out: T[] = [];
    for (let k = Math.max(0, i); k < this.size; k++) out.push(this.buf[(this.head + k) % this.capacity]!);
    return out;
  }

  dropFirst(n: number): void {
    const k = Math.min(Math.max(0, n), this.size);
    for (let j = 0; j < k; j++) this.buf[(this.head + j) % this.capacity] = undefined; // let them be collected
    this.head = (this.head + k) % this.capacity;
    this.size -= k;
  }
}
