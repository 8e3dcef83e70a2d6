/**
 * Key-value meaning on top of the revision log: create / get / update / delete / list of JSON
 * objects under string keys, with the revision stamped into `metadata.resourceVersion`.
 *
 * Contract:
 * - Every write appends to the log and rewrites the current-state row in one transaction; the
 *   object's resourceVersion is the revision of its last write. A DELETED value is the last state
 *   stamped with the revision of the delete.
 * - `update`/`delete` with an expected revision fail with RevisionMismatch when the stored
 *   revision differs (optimistic concurrency); the caller maps it to a 409 Conflict.
 * - `list` pages in key order. Page one reads the current state; a continuation reads the state
 *   as of the first page's revision (rebuilt from the log), so a paged list is one consistent
 *   snapshot. A continuation whose revision was compacted fails with SnapshotCompacted.
 * - Sync and single-writer: better-sqlite3 is synchronous, so one call is atomic for every reader.
 * Upstream idea: k3s-io/kine pkg/logstructured/logstructured.go
 */
import { encodeJson, goEscapeJson, parseJsonExact } from '@miniplane/api/patch/goJsonText';
import { inWireOrder, type KubeObject } from '@miniplane/api';
import type { RevisionLog } from './revisionLog.js';
import type { SqliteDialect } from './sqliteDialect.js';

export class KeyExists extends Error {
  constructor(readonly key: string) {
    super(`key exists: ${key}`);
  }
}
export class KeyNotFound extends Error {
  constructor(readonly key: string) {
    super(`key not found: ${key}`);
  }
}
export class RevisionMismatch extends Error {
  constructor(readonly key: string, readonly expected: number, readonly actual: number) {
    super(`revision mismatch on ${key}: expected ${expected}, stored ${actual}`);
  }
}
export class SnapshotCompacted extends Error {
  constructor(readonly rev: number) {
    super(`revision ${rev} has been compacted`);
  }
}

export interface Stored {
  rev: number;
  createRev: number;
  obj: KubeObject;
}

export interface ListOptions {
  /** Page size; 0 or undefined = everything. */
  limit?: number;
  /** Resume after this key, reading the snapshot at `atRev`. */
  startAfter?: string;
  atRev?: number;
  filter?: (obj: KubeObject) => boolean;
}

export interface ListResult {
  items: KubeObject[];
  /** The revision the list is consistent with. */
  rev: number;
  /** Set when more items remain: the last key returned. */
  lastKey?: string;
  /** How many keys remain after this page (only computed without a filter). */
  remaining?: number;
}

/** The exclusive upper bound of every key starting with `prefix` (prefix ends with '/'). */
function rangeEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

const BATCH = 500;

export class KvStore {
  constructor(
    private readonly d: SqliteDialect,
    readonly log: RevisionLog,
  ) {}

  transaction<T>(fn: () => T): T {
    return this.log.transaction(fn);
  }

  get(key: string): Stored | undefined {
    const row = this.d.getCurrent(key);
    return row && { rev: row.rev, createRev: row.create_rev, obj: parseJsonExact(row.value) as KubeObject };
  }

  /** The stored JSON of `key` with its revision, unparsed (for callers that cache by revision). */
  getRaw(key: string): { rev: number; json: string } | undefined {
    const row = this.d.getCurrent(key);
    return row && { rev: row.rev, json: row.value };
  }

  create(key: string, obj: KubeObject): KubeObject {
    return this.transaction(() => {
      const rev = this.log.nextRevision;
      const stamped = stamp(obj, rev);
      const json = storedJson(stamped);
      // One statement both checks and claims the key (no SELECT first).
      if (!this.d.claimKey(key, rev)) throw new KeyExists(key);
      this.log.append(key, 'ADDED', json, 0);
      return stamped;
    });
  }

  /** Replaces the object at `key`; `expectedRev` (when given) must equal the stored revision. */
  update(key: string, obj: KubeObject, expectedRev?: number): KubeObject {
    return this.transaction(() => {
      const cur = this.d.getCurrent(key);
      if (!cur) throw new KeyNotFound(key);
      if (expectedRev !== undefined && expectedRev !== cur.rev) throw new RevisionMismatch(key, expectedRev, cur.rev);
      const rev = this.log.nextRevision;
      const stamped = stamp(obj, rev);
      const json = storedJson(stamped);
      this.log.append(key, 'MODIFIED', json, cur.rev, cur.value);
      this.d.setCurrent(key, rev, cur.create_rev);
      return stamped;
    });
  }

  /** Deletes `key`; returns its last state stamped with the delete's revision. */
  delete(key: string, expectedRev?: number): KubeObject {
    return this.transaction(() => {
      const cur = this.d.getCurrent(key);
      if (!cur) throw new KeyNotFound(key);
      if (expectedRev !== undefined && expectedRev !== cur.rev) throw new RevisionMismatch(key, expectedRev, cur.rev);
      const rev = this.log.nextRevision;
      const stamped = stamp(parseJsonExact(cur.value) as KubeObject, rev);
      const json = storedJson(stamped);
      this.log.append(key, 'DELETED', json, cur.rev, cur.value);
      this.d.deleteCurrent(key);
      return stamped;
    });
  }

  /** Every current object's stored JSON by key: a point `restore` can return to. */
  snapshot(): Map<string, { rev: number; json: string }> {
    const out = new Map<string, { rev: number; json: string }>();
    let after = '';
    for (;;) {
      const rows = this.d.rangeCurrent(after, rangeEnd('/'), BATCH);
      for (const r of rows) out.set(r.key, { rev: r.rev, json: r.value });
      if (rows.length < BATCH) return out;
      after = rows[rows.length - 1]!.key;
    }
  }

  /**
   * Makes the current objects those of `snap` again, as writes through the log (new revisions,
   * so a watcher resuming from an older one sees the deletes, updates and creates): keys not in
   * it are deleted, changed ones get their snapshot object back, missing ones are created. Keys
   * `keep` accepts are left as they are. Returns how many writes it made.
   */
  restore(snap: ReadonlyMap<string, { rev: number; json: string }>, keep: (key: string) => boolean = () => false): number {
    return this.transaction(() => {
      let writes = 0;
      for (const [key, cur] of this.snapshot()) {
        if (keep(key)) continue;
        const want = snap.get(key);
        if (!want) this.delete(key);
        else if (want.rev !== cur.rev) this.update(key, parseJsonExact(want.json) as KubeObject);
        else continue;
        writes++;
      }
      for (const [key, want] of snap) {
        if (keep(key) || this.d.getCurrent(key)) continue;
        this.create(key, parseJsonExact(want.json) as KubeObject);
        writes++;
      }
      return writes;
    });
  }

  list(prefix: string, o: ListOptions = {}): ListResult {
    const end = rangeEnd(prefix);
    const current = this.log.currentRevision;
    const atRev = o.atRev ?? current;
    if (atRev < this.log.compactRevision) throw new SnapshotCompacted(atRev);
    const historic = atRev < current;
    const limit = o.limit && o.limit > 0 ? o.limit : Infinity;
    const items: KubeObject[] = [];
    let lastKey: string | undefined;
    let more = false;
    for (const row of this.rows(this.text, o.startAfter ?? prefix, end, atRev, historic)) {
      const obj = parseJsonExact(row.value) as KubeObject;
      if (o.filter && !o.filter(obj)) continue;
      if (items.length === limit) {
        more = true;
        break;
      }
      items.push(obj);
      lastKey = row.key;
    }
    const res: ListResult = { items, rev: atRev };
    if (more && lastKey !== undefined) {
      res.lastKey = lastKey;
      if (!o.filter && !historic) res.remaining = this.d.countCurrent(lastKey, end);
    }
    return res;
  }

  /** How many current keys of `prefix` sort after `lastKey` (a list's remainingItemCount). */
  countAfter(prefix: string, lastKey: string): number {
    return this.d.countCurrent(lastKey, rangeEnd(prefix));
  }

  /**
   * Raw rows (key and stored JSON as bytes) of `prefix` after `after`, as of `atRev`: at most
   * `limit`, in key order. For readers that page through one snapshot across turns of the event
   * loop (pin the revision meanwhile: see RevisionLog.pin) and mostly copy the JSON to a socket.
   */
  rawPage(prefix: string, after: string | undefined, atRev: number, limit: number): Array<{ key: string; value: Buffer }> {
    if (atRev < this.log.compactRevision) throw new SnapshotCompacted(atRev);
    const out: Array<{ key: string; value: Buffer }> = [];
    for (const row of this.rows(this.bytes, after ?? prefix, rangeEnd(prefix), atRev, atRev < this.log.currentRevision, limit)) {
      out.push(row);
      if (out.length >= limit) break;
    }
    return out;
  }

  private readonly text: RowSource<string> = {
    range: (after, end, limit) => this.d.rangeCurrent(after, end, limit),
    rangeAt: (after, end, rev, limit) => this.d.rangeCurrentAt(after, end, rev, limit),
    valueAt: (rev) => this.d.logAt(rev)?.value,
  };
  private readonly bytes: RowSource<Buffer> = {
    range: (after, end, limit) => this.d.rangeCurrentBytes(after, end, limit),
    rangeAt: (after, end, rev, limit) => this.d.rangeCurrentAtBytes(after, end, rev, limit),
    valueAt: (rev) => this.d.valueBytesAt(rev),
  };

  /**
   * The rows of (after, end) in key order: the current state, or the state as of `atRev`. A
   * past state merges the current rows untouched since `atRev` with, for each key written after
   * it, the version its first later write replaced (found through prev_rev; none = the key did
   * not exist then).
   */
  private *rows<V>(src: RowSource<V>, after: string, end: string, atRev: number, historic: boolean, batch = BATCH): Generator<{ key: string; value: V }> {
    let cursor = after;
    if (!historic) {
      for (;;) {
        const rows = src.range(cursor, end, batch);
        yield* rows;
        if (rows.length < batch) return;
        cursor = rows[rows.length - 1]!.key;
      }
    }
    const changed = this.d.changedAfter(atRev, after, end);
    let i = 0;
    const d = this.d;
    const pastVersions = function* (upTo: string | undefined): Generator<{ key: string; value: V }> {
      for (; i < changed.length && (upTo === undefined || changed[i]!.key < upTo); i++) {
        const c = changed[i]!;
        const prevRev = d.prevRevOf(c.first);
        if (!prevRev) continue; // created after atRev
        const value = src.valueAt(prevRev);
        if (value === undefined) throw new SnapshotCompacted(atRev);
        yield { key: c.key, value };
      }
    };
    for (;;) {
      const rows = src.rangeAt(cursor, end, atRev, batch);
      for (const row of rows) {
        yield* pastVersions(row.key);
        yield row;
      }
      if (rows.length < batch) break;
      cursor = rows[rows.length - 1]!.key;
    }
    yield* pastVersions(undefined);
  }
}

interface RowSource<V> {
  range(after: string, end: string, limit: number): Array<{ key: string; value: V }>;
  rangeAt(after: string, end: string, rev: number, limit: number): Array<{ key: string; value: V }>;
  valueAt(rev: number): V | undefined;
}

/**
 * The object as stored: its resourceVersion set, and apiVersion and kind first, as kube encodes
 * every object (Go's field order). Lists and watch bursts then drop or keep the type meta by
 * slicing the stored JSON instead of parsing it.
 */
/** Stored JSON is the JSON kube answers (Go's escaping), so reads and watches serve it as is. */
function storedJson(obj: KubeObject): string {
  return goEscapeJson(encodeJson(obj));
}

/** The object with its new resourceVersion, in kube's field order (stored as it is answered). */
function stamp(obj: KubeObject, rev: number): KubeObject {
  return inWireOrder({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(rev) } });
}
