/**
 * One memory budget for every open watch (HTTP and WebSocket): the bytes queued for watchers and
 * not yet read by them, summed, stay under `maxTotalBytes`.
 *
 * Contract:
 * - Each watch joins with a member that can tell its unread bytes and can be cut; it reports
 *   its unread bytes when they change (after a send, a drain) and leaves when it ends.
 * - When the total goes over the cap, members are cut, most unread first, until it is under:
 *   only members that made no progress (no drop in unread bytes) for `stallMs`, so a fast
 *   reader is never cut for a backlog it is clearing. A cut watch's client re-lists, as after
 *   kube's own slow-consumer close.
 * - Initial bursts ask for `room()` before producing each page: it resolves while the total is
 *   under the cap; otherwise once it is again (stalled members are cut meanwhile).
 * Pure bookkeeping, no I/O; time is injected.
 * Upstream idea: the cacher's per-watcher buffer and its "Forcing watcher close due to
 * unresponsiveness" (staging/src/k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go), with a
 * total bound added since one Node process holds every watcher's buffer.
 */
export interface BudgetMember {
  /** Bytes queued for this watcher and not read by its client yet. */
  unread(): number;
  /** Ends the watch at once (its client re-lists). */
  cut(): void;
}

interface Entry {
  bytes: number;
  progressAt: number;
}

export interface WatchBudgetOptions {
  maxTotalBytes?: number;
  stallMs?: number;
  now?: () => number;
}

export class WatchBudget {
  readonly maxTotalBytes: number;
  private readonly stallMs: number;
  private readonly now: () => number;
  private readonly members = new Map<BudgetMember, Entry>();
  private total = 0;
  private waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private cuts = 0;
  private enforcedAt = -Infinity;

  constructor(o: WatchBudgetOptions = {}) {
    this.maxTotalBytes = o.maxTotalBytes ?? 256 * 1024 * 1024;
    this.stallMs = o.stallMs ?? 1000;
    this.now = o.now ?? Date.now;
  }

  /** The unread bytes of every watch, as last reported. */
  get totalBytes(): number {
    return this.total;
  }
  /** Watches cut for the total bound so far. */
  get cutCount(): number {
    return this.cuts;
  }

  join(m: BudgetMember): void {
    this.members.set(m, { bytes: 0, progressAt: this.now() });
  }

  leave(m: BudgetMember): void {
    const e = this.members.get(m);
    if (!e) return;
    this.members.delete(m);
    this.total -= e.bytes;
    this.wake();
  }

  report(m: BudgetMember, bytes: number): void {
    const e = this.members.get(m);
    if (!e) return;
    if (bytes < e.bytes || bytes === 0) e.progressAt = this.now();
    this.total += bytes - e.bytes;
    e.bytes = bytes;
    if (this.total <= this.maxTotalBytes) return this.wake();
    // Over the cap: recount now, unless that was just done (it walks every member).
    if (this.now() - this.enforcedAt >= 20) this.enforce();
    else this.timer ??= setInterval(() => this.enforce(), Math.max(10, this.stallMs / 4)).unref();
  }

  /** Resolves once the total is under the cap (at once when it is). */
  room(): Promise<void> {
    if (this.total < this.maxTotalBytes) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.timer ??= setInterval(() => this.enforce(), Math.max(10, this.stallMs / 4)).unref();
    });
  }

  /** Recounts every member and cuts stalled ones, most unread first, while over the cap. */
  private enforce(): void {
    this.enforcedAt = this.now();
    this.total = 0;
    for (const [m, e] of this.members) {
      const fresh = m.unread();
      if (fresh < e.bytes || fresh === 0) e.progressAt = this.now();
      e.bytes = fresh;
      this.total += fresh;
    }
    const stalled = [...this.members].filter(([, e]) => e.bytes > 0 && this.now() - e.progressAt >= this.stallMs);
    stalled.sort((a, b) => b[1].bytes - a[1].bytes);
    for (const [m] of stalled) {
      if (this.total < this.maxTotalBytes) break;
      this.cuts++;
      m.cut(); // leaves, which lowers the total
    }
    this.wake();
  }

  private wake(): void {
    if (this.total >= this.maxTotalBytes) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const w = this.waiters;
    if (w.length === 0) return;
    this.waiters = [];
    w.forEach((r) => r());
  }
}
