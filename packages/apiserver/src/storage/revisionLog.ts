/**
 * The revision log: one monotonic revision for every write, appended inside the caller's
 * transaction, published to watchers only after that transaction commits.
 *
 * Contract:
 * - `transaction(fn)` runs fn in one SQLite transaction. Appends inside it get consecutive
 *   revisions; if fn throws, nothing is stored, the revision counter is restored and no event is
 *   published. After commit, events go out in revision order, each exactly once.
 * - Watchers learn about writes only from here (no polling of SQLite): `subscribe(after, fn)`
 *   first replays every event with rev > after (from the in-memory cache, or from the SQLite log
 *   after a restart), then delivers live ones, with no gap and no duplicate. `after` older than
 *   the compaction mark fails with ResourceVersionTooOld.
 * - Group commit: writes made in one turn of the event loop share one SQLite transaction (each
 *   write in its own savepoint, so one failing write rolls back alone); the batch commits on
 *   setImmediate. `settled()` resolves once everything written so far is committed: callers
 *   acknowledge a write only after it, so an acknowledged write is on disk (WAL) even if the
 *   process is killed right after.
 * - Revisions keep increasing across restarts (AUTOINCREMENT's sequence survives compaction).
 * - Compaction keeps the larger of two windows: the last `keepRevisions` revisions and the last
 *   `keepMillis` of wall time, measured from checkpoints (time → revision) taken at open and by
 *   every compaction pass and stored in SQLite, so a server restarted every few minutes still
 *   compacts. It does not drop a revision a reader pinned (`pin`: a streamed list or watch burst
 *   reading a snapshot in slices) for the time window (a minute at least) after the pin. A pass
 *   runs in slices (`compactSlice`), each one transaction that leaves the log compacted to a
 *   higher mark, so it never holds the event loop long.
 * Upstream idea: k3s-io/kine pkg/logstructured/sqllog/sql.go (append, after, compact).
 */
import { ResourceVersionTooOld } from '@miniplane/api';
import { EventRing } from './eventRing.js';
import { EventType, type EventTypeCode, type LogRow, type SqliteDialect } from './sqliteDialect.js';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  rev: number;
  type: StoreEventType;
  key: string;
  /** The object's JSON at this revision (for DELETED: its last state, stamped with this rev). */
  value: string;
  /** The object's JSON before this write, when known (absent for ADDED). */
  prevValue?: string;
}

export type EventHandler = (e: StoreEvent) => void;

export interface RevisionLogOptions {
  dialect: SqliteDialect;
  /** How many recent events stay in memory for watch replay (default 20,000)... */
  cacheSize?: number;
  /** ... and how many bytes of their JSON at most (default 64 MiB); older ones are read from SQLite. */
  cacheBytes?: number;
  keepRevisions?: number;
  keepMillis?: number;
  now?: () => number;
  /** Batch the writes of one event-loop turn into one commit (default true). */
  groupCommit?: boolean;
}

interface Batch {
  events: StoreEvent[];
  rollbacks: Array<() => void>;
  startRev: number;
  done: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

const sizeOf = (e: StoreEvent) => e.value.length + (e.prevValue?.length ?? 0);

const typeName: Record<EventTypeCode, StoreEventType> = { 0: 'ADDED', 1: 'MODIFIED', 2: 'DELETED' };

export class RevisionLog {
  private readonly d: SqliteDialect;
  private rev: number;
  private compacted: number;
  private readonly cache: EventRing<StoreEvent>;
  private cachedBytes = 0;
  private readonly maxCacheBytes: number;
  private pending: StoreEvent[] | undefined;
  private rollbacks: Array<() => void> = [];
  private batch: Batch | undefined;
  private readonly groupCommit: boolean;
  /** The newest revision whose event has been published (committed). */
  private committed: number;
  private readonly subscribers = new Set<EventHandler>();
  private readonly checkpoints: Array<{ at: number; rev: number }>;
  /** Snapshot reads in slices: each pin's revision and when it was taken. */
  private readonly pins = new Set<{ rev: number; at: number }>();
  private readonly keepRevisions: number;
  private readonly keepMillis: number;
  private readonly now: () => number;

  constructor(o: RevisionLogOptions) {
    this.d = o.dialect;
    this.rev = this.d.maxRevision();
    this.compacted = this.d.meta('compact_rev') ?? 0;
    this.cache = new EventRing(o.cacheSize ?? 20_000);
    this.maxCacheBytes = o.cacheBytes ?? 64 * 1024 * 1024;
    this.keepRevisions = o.keepRevisions ?? 10_000;
    this.keepMillis = o.keepMillis ?? 5 * 60_000;
    this.now = o.now ?? Date.now;
    this.groupCommit = o.groupCommit ?? true;
    this.committed = this.rev;
    this.checkpoints = this.d.checkpoints();
    this.checkpoint(this.now());
  }

  private checkpoint(at: number): void {
    this.checkpoints.push({ at, rev: this.rev });
    this.d.addCheckpoint(at, this.rev);
  }

  get currentRevision(): number {
    return this.rev;
  }
  get compactRevision(): number {
    return this.compacted;
  }
  /** The next revision a write would get (the store stamps it into the object before appending). */
  get nextRevision(): number {
    return this.rev + 1;
  }
  get inTransaction(): boolean {
    return this.pending !== undefined;
  }

  transaction<T>(fn: () => T): T {
    if (this.pending) return fn(); // nested: part of the outer transaction
    if (this.groupCommit) this.openBatch();
    const startRev = this.rev;
    this.pending = [];
    this.rollbacks = [];
    let events: StoreEvent[];
    let undos: Array<() => void>;
    let result: T;
    try {
      // Inside an open batch better-sqlite3 runs this as a savepoint.
      result = this.d.transaction(fn);
      events = this.pending;
      undos = this.rollbacks;
    } catch (e) {
      this.rev = startRev;
      // Undo in-memory side effects (allocator bitmaps) in reverse order.
      for (const undo of this.rollbacks.reverse()) undo();
      throw e;
    } finally {
      this.pending = undefined;
      this.rollbacks = [];
    }
    if (this.batch) {
      this.batch.events.push(...events);
      this.batch.rollbacks.push(...undos);
    } else {
      for (const e of events) this.publish(e);
    }
    return result;
  }

  private openBatch(): void {
    if (this.batch) return;
    this.d.begin();
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    done.catch(() => {}); // a failed batch is reported through settled()
    this.batch = { events: [], rollbacks: [], startRev: this.rev, done, resolve, reject };
    setImmediate(() => this.flush());
  }

  /** Commits the open batch now and publishes its events (also used at shutdown). */
  flush(): void {
    const b = this.batch;
    if (!b) return;
    this.batch = undefined;
    try {
      this.d.commit();
    } catch (e) {
      try {
        this.d.rollback();
      } catch {
        // the transaction may already be gone
      }
      this.rev = b.startRev;
      for (const undo of b.rollbacks.reverse()) undo();
      b.reject(e);
      return;
    }
    for (const e of b.events) this.publish(e);
    b.resolve();
  }

  /** Resolves once every write made so far is committed; rejects if its batch failed. */
  settled(): Promise<void> {
    return this.batch ? this.batch.done : Promise.resolve();
  }

  /**
   * Registers an undo for an in-memory change made inside the current transaction (an allocator
   * marking an IP): it runs if the transaction rolls back, dry runs included.
   */
  onRollback(undo: () => void): void {
    if (!this.pending) throw new Error('revisionLog.onRollback outside a transaction');
    this.rollbacks.push(undo);
  }

  /** Appends one write; must run inside `transaction`. Returns its revision. */
  append(key: string, type: StoreEventType, value: string, prevRev: number, prevValue?: string): number {
    if (!this.pending) throw new Error('revisionLog.append outside a transaction');
    const rev = ++this.rev;
    this.d.insertLog({ rev, key, type: EventType[type], prev_rev: prevRev, value });
    this.pending.push({ rev, type, key, value, prevValue });
    return rev;
  }

  private publish(e: StoreEvent): void {
    this.committed = e.rev;
    if (this.cache.length === this.cache.capacity) this.dropCached(1);
    this.cache.push(e);
    this.cachedBytes += sizeOf(e);
    // 1 MB objects: 20,000 of them would be 20 GB; beyond the byte bound, replay reads SQLite.
    while (this.cachedBytes > this.maxCacheBytes && this.cache.length > 1) this.dropCached(1);
    for (const s of this.subscribers) s(e);
  }

  /**
   * Replays events after `after`, then delivers live ones; returns the unsubscribe function.
   * Throws ResourceVersionTooOld when `after` is below the compaction mark.
   */
  subscribe(after: number, handler: EventHandler): () => void {
    for (const e of this.eventsAfter(after)) handler(e);
    this.subscribers.add(handler);
    return () => this.subscribers.delete(handler);
  }

  /**
   * Every published (committed) event with rev > after, oldest first. Events of a batch not yet
   * committed are not included: subscribers get them when it commits.
   */
  eventsAfter(after: number): StoreEvent[] {
    if (after >= this.committed) return [];
    // Published revisions are consecutive, so the cache is indexed by revision.
    const first = this.cache.at(0);
    if (first && first.rev <= after + 1) return this.cache.from(after + 1 - first.rev);
    if (after < this.compacted) throw new ResourceVersionTooOld(after, this.compacted + 1);
    const out: StoreEvent[] = [];
    let from = after;
    for (;;) {
      const page = this.eventsPage(from, this.committed, 1000);
      out.push(...page);
      if (page.length < 1000) break;
      from = page[page.length - 1]!.rev;
    }
    return out;
  }

  /** The newest revision published to subscribers (committed). */
  get committedRevision(): number {
    return this.committed;
  }

  /** Whether `eventsAfter(after)` comes from memory (no SQLite read). */
  replaysFromMemory(after: number): boolean {
    const first = this.cache.at(0);
    return after >= this.committed || (!!first && first.rev <= after + 1);
  }

  /** At most `limit` events with after < rev <= upTo (committed), read from SQLite: a replay in pages. */
  eventsPage(after: number, upTo: number, limit: number): StoreEvent[] {
    return this.d
      .logAfter(after, limit)
      .filter((r) => r.rev <= upTo)
      .map((r) => this.rowToEvent(r));
  }

  private rowToEvent(r: LogRow): StoreEvent {
    const e: StoreEvent = { rev: r.rev, type: typeName[r.type], key: r.key, value: r.value };
    if (r.prev_rev) {
      const prev = this.d.logAt(r.prev_rev);
      if (prev) e.prevValue = prev.value;
    }
    return e;
  }

  /**
   * Takes a time checkpoint and returns the mark a compaction pass should reach: below both
   * windows and every pinned snapshot (the current mark when nothing may go).
   */
  planCompaction(): number {
    const now = this.now();
    this.checkpoint(now);
    const cps = this.checkpoints;
    let drop = 0;
    while (drop + 1 < cps.length && cps[drop + 1]!.at <= now - this.keepMillis) drop++;
    if (drop > 0) {
      cps.splice(0, drop);
      this.d.dropCheckpointsBefore(cps[0]!.at);
    }
    const timeMark = cps[0]!.at <= now - this.keepMillis ? cps[0]!.rev : 0;
    // A pin holds compaction back for the time window (a minute at least) only: a reader stalled
    // longer (a watcher that stopped reading mid-burst) then gets 410 Expired and re-lists, and
    // the log does not grow for it.
    const pinGrace = Math.max(this.keepMillis, 60_000);
    let pinned = Infinity;
    for (const p of this.pins) if (p.at > now - pinGrace) pinned = Math.min(pinned, p.rev);
    return Math.max(this.compacted, Math.min(timeMark, this.rev - this.keepRevisions, pinned));
  }

  /** Compacts history outside the retention window in one go; returns the number of log rows removed. */
  compact(): number {
    return this.forceCompact(this.planCompaction());
  }

  /** Compacts everything below `mark` right away, ignoring windows and pins (tests use it). */
  forceCompact(mark: number): number {
    let removed = 0;
    while (this.compacted < mark) removed += this.compactSlice(mark, Infinity);
    return removed;
  }

  /**
   * One slice of a compaction pass toward `mark`: at most `span` revisions past the current mark,
   * in one transaction. Returns the log rows removed.
   */
  compactSlice(mark: number, span: number): number {
    const from = this.compacted;
    const to = Math.min(mark, from + span);
    if (to <= from) return 0;
    const removed = this.d.transaction(() => {
      const n = this.d.compactSlice(from, to);
      this.d.setMeta('compact_rev', to);
      return n;
    });
    this.compacted = to;
    const first = this.cache.at(0);
    if (first) this.dropCached(to - first.rev + 1);
    return removed;
  }

  /**
   * One compaction pass in slices, each run through `run` (the server's time slicer). A slice
   * spans as many revisions as took ~`sliceMs` last time (deleting 1 MB rows is slower than
   * deleting small ones). Returns the log rows removed.
   */
  async compactInSlices(run: <T>(step: () => T) => Promise<T>, sliceMs = 5): Promise<number> {
    const mark = this.planCompaction();
    let span = 2000;
    let removed = 0;
    while (this.compacted < mark) {
      let took = 0;
      removed += await run(() => {
        const t0 = performance.now();
        const n = this.compactSlice(mark, span);
        took = performance.now() - t0;
        return n;
      });
      if (took > 2 * sliceMs) span = Math.max(50, Math.floor(span / 2));
      else if (took < sliceMs / 2) span = Math.min(200_000, span * 2);
    }
    return removed;
  }

  /** Forgets the `n` oldest cached events. */
  private dropCached(n: number): void {
    for (let i = 0; i < n && this.cache.length > 0; i++) {
      this.cachedBytes -= sizeOf(this.cache.at(0)!);
      this.cache.dropFirst(1);
    }
  }

  /** Bytes of event JSON held in memory for replay. */
  get cacheBytes(): number {
    return this.cachedBytes;
  }

  /** Keeps the state at `rev` readable until the returned function is called. */
  pin(rev: number): () => void {
    const p = { rev, at: this.now() };
    this.pins.add(p);
    return () => void this.pins.delete(p);
  }


  subscriberCount(): number {
    return this.subscribers.size;
  }
}
