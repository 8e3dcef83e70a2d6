/**
 * The timeline: the last N things that happened, newest last — every watch event the page
 * receives (ADDED / MODIFIED / DELETED with the object's kind, namespace/name and
 * resourceVersion) and every Event object (reason, involved object, count, message) as
 * `kubectl get events -w` prints them, one row per ADDED/MODIFIED Event (an aggregated Event's
 * count bump is a new row with the new count).
 *
 * Contract: pure data structure, no DOM. Bounded: a ring of `capacity` rows (default 1,000);
 * adding past it drops the oldest. `seq` numbers rows from 1 in arrival order, never reused, so a
 * view can key rows by it. `rows(filter)` returns the kept rows that match, oldest first:
 * namespace '' = all (cluster-scoped objects have namespace ''), kind '' = all; the kind filter
 * matches a watch row's kind, and for an Event row "Event" or its involved object's kind (so
 * kind Pod shows Pod watch events and the Events about pods).
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/events (the columns), apimachinery watch.EventType
 */

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface MetaLike {
  name?: string;
  namespace?: string;
  resourceVersion?: string;
}

/** The Event fields the timeline reads: core/v1, with events.k8s.io/v1's names as fallback. */
export interface EventLike {
  metadata: MetaLike;
  type?: string;
  reason?: string;
  message?: string;
  note?: string;
  count?: number;
  series?: { count?: number };
  involvedObject?: { kind?: string; namespace?: string; name?: string };
  regarding?: { kind?: string; namespace?: string; name?: string };
}

interface RowBase {
  seq: number;
  /** Milliseconds since the epoch when the page received it. */
  at: number;
  namespace: string;
  name: string;
  resourceVersion: string;
}

export interface WatchRow extends RowBase {
  source: 'watch';
  type: WatchType;
  kind: string;
}

export interface EventRow extends RowBase {
  source: 'event';
  kind: 'Event';
  /** Normal or Warning. */
  type: string;
  reason: string;
  message: string;
  count: number;
  involved: { kind: string; namespace: string; name: string };
}

export type TimelineRow = WatchRow | EventRow;

export interface TimelineFilter {
  namespace?: string;
  kind?: string;
}

export const defaultCapacity = 1000;

export class Timeline {
  readonly capacity: number;
  private readonly ring: TimelineRow[] = [];
  /** Index in `ring` of the oldest row once the ring is full. */
  private head = 0;
  private nextSeq = 1;

  constructor(options: { capacity?: number } = {}) {
    const capacity = options.capacity ?? defaultCapacity;
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`timeline capacity must be a positive integer, not ${capacity}`);
    this.capacity = capacity;
  }

  get size(): number {
    return this.ring.length;
  }

  /** The seq the next row will get: a cheap "did anything change" token for a view. */
  get version(): number {
    return this.nextSeq;
  }

  addWatch(type: WatchType, kind: string, meta: MetaLike, at: number): WatchRow {
    return this.push({ source: 'watch', seq: this.nextSeq, at, type, kind, ...identity(meta) });
  }

  /** An Event object seen on the events watch (ADDED or MODIFIED; a DELETED Event is its expiry, not news). */
  addEvent(ev: EventLike, at: number): EventRow {
    const inv = ev.involvedObject ?? ev.regarding ?? {};
    return this.push({
      source: 'event', seq: this.nextSeq, at, kind: 'Event', ...identity(ev.metadata),
      type: ev.type ?? 'Normal', reason: ev.reason ?? '', message: ev.message ?? ev.note ?? '',
      count: ev.count ?? ev.series?.count ?? 1,
      involved: { kind: inv.kind ?? '', namespace: inv.namespace ?? '', name: inv.name ?? '' },
    });
  }

  /** The kept rows matching `filter`, oldest first. */
  rows(filter: TimelineFilter = {}): TimelineRow[] {
    const ordered = this.ring.length < this.capacity ? this.ring.slice() : [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
    const ns = filter.namespace ?? '';
    const kind = filter.kind ?? '';
    if (!ns && !kind) return ordered;
    return ordered.filter((r) => (!ns || r.namespace === ns) && (!kind || r.kind === kind || (r.source === 'event' && r.involved.kind === kind)));
  }

  /** The namespaces and kinds among the kept rows, sorted: the filter's choices. */
  facets(): { namespaces: string[]; kinds: string[] } {
    const namespaces = new Set<string>();
    const kinds = new Set<string>();
    for (const r of this.ring) {
      if (r.namespace) namespaces.add(r.namespace);
      kinds.add(r.kind);
      if (r.source === 'event' && r.involved.kind) kinds.add(r.involved.kind);
    }
    return { namespaces: [...namespaces].sort(), kinds: [...kinds].sort() };
  }

  clear(): void {
    this.ring.length = 0;
    this.head = 0;
  }

  private push<R extends TimelineRow>(row: R): R {
    this.nextSeq++;
    if (this.ring.length < this.capacity) this.ring.push(row);
    else {
      this.ring[this.head] = row;
      this.head = (this.head + 1) % this.capacity;
    }
    return row;
  }
}

function identity(meta: MetaLike): Pick<RowBase, 'namespace' | 'name' | 'resourceVersion'> {
  return { namespace: meta.namespace ?? '', name: meta.name ?? '', resourceVersion: meta.resourceVersion ?? '' };
}
