/**
 * The changes the reflectors received and the page has not applied yet: watch events and relists,
 * in arrival order, applied to their Collections a frame at a time within a time budget, so a
 * burst (a Deployment scaling to 10,000 makes ~40,000 events) is spread over frames instead of
 * one long task, and the views re-render once per batch rather than per event.
 *
 * Contract: `push` only queues (O(1)); `drain(budgetMs)` applies queued changes in order until the
 * queue is empty or `budgetMs` has passed since it began (checked every `checkEvery` changes, so
 * at least that many are applied per call) and returns how many are left. The collections'
 * listeners (Collection.onEvent) see each change as it is applied. Order is kept across collections (a relist of one is
 * applied after the events queued before it).
 */
import type { WatchEvent } from '../api/apiClient.js';
import type { KubeObject } from '../model/kube.js';
import type { Collection } from './collection.js';

export type Change = { collection: Collection; event: WatchEvent } | { collection: Collection; list: { items: KubeObject[]; resourceVersion: string } };

const checkEvery = 16;

export class ApplyQueue {
  private items: Change[] = [];
  private head = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  get size(): number {
    return this.items.length - this.head;
  }

  push(c: Change): void {
    this.items.push(c);
  }

  drain(budgetMs: number): number {
    const start = this.now();
    let n = 0;
    while (this.head < this.items.length) {
      const c = this.items[this.head]!;
      this.items[this.head++] = undefined as unknown as Change;
      if ('event' in c) c.collection.apply(c.event);
      else c.collection.replace(c.list.items, c.list.resourceVersion);
      if (++n % checkEvery === 0 && this.now() - start >= budgetMs) break;
    }
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return this.size;
  }
}
