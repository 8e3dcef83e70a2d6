/**
 * SQL only: the schema, the pragmas and every prepared statement the revision log needs.
 *
 * Contract: nothing here knows about Kubernetes. Two tables in one file (or in memory):
 *   log(rev, key, type, prev_rev, value) — append-only history, one row per write (kine's log)
 *   current(key, rev, create_rev)        — the current state: each live key's latest log row,
 *                                          rewritten in the same transaction as the append
 * plus meta(name, value) for the compaction mark and checkpoint(at, rev) for the compaction time
 * window (wall-clock ms → the revision then; kept on disk so restarts do not reset the window).
 * A value is stored once, in the log: `current`
 * points at it (compaction never removes a key's latest row), so a write stores its JSON once.
 * Data dirs from before `current` had `kv(key, rev, create_rev, value)`; opening one moves it
 * over in one transaction. WAL mode with synchronous=NORMAL: a committed
 * transaction survives a kill -9 of the process (the WAL is in the OS before commit returns).
 * Every statement is prepared once with bound parameters; no SQL is built from input.
 * Upstream idea: k3s-io/kine pkg/drivers/sqlite/sqlite.go (kine indexes log(name, id); we do not,
 * see the schema).
 */
import Database from 'better-sqlite3';

export const EventType = { ADDED: 0, MODIFIED: 1, DELETED: 2 } as const;
export type EventTypeCode = (typeof EventType)[keyof typeof EventType];

export interface LogRow {
  rev: number;
  key: string;
  type: EventTypeCode;
  prev_rev: number;
  value: string;
}

export interface CurrentRow {
  key: string;
  rev: number;
  create_rev: number;
  value: string;
}

const schema = `
CREATE TABLE IF NOT EXISTS log (
  rev INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL,
  type INTEGER NOT NULL,
  prev_rev INTEGER NOT NULL,
  value TEXT NOT NULL
);
-- No index on log(key): every write would pay a random B-tree insert for it. Historic reads
-- follow prev_rev links instead (see changedAfter), and compaction does too.
DROP INDEX IF EXISTS log_key_rev;
CREATE TABLE IF NOT EXISTS current (
  key TEXT PRIMARY KEY,
  rev INTEGER NOT NULL,
  create_rev INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoint (
  at INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL
) WITHOUT ROWID;
`;

export class SqliteDialect {
  readonly db: Database.Database;
  private readonly s;
  /**
   * One transaction wrapper for every call: better-sqlite3's `db.transaction(fn)` builds four
   * wrapped functions and their properties each time it is called (about 4% of a create's CPU
   * when it was called per write); the wrapper passes its argument on, so one is enough.
   */
  private readonly run: (fn: () => unknown) => unknown;

  /** `file` is a path, or ':memory:' for the --in-memory mode. */
  constructor(file: string) {
    this.db = new Database(file);
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // A 64 MiB page cache, and checkpoints every ~40 MiB of WAL instead of every 4 MiB: fewer
    // checkpoint fsyncs and page copies under a write storm (durability is unchanged: a commit
    // is in the WAL either way).
    this.db.pragma('cache_size = -65536');
    this.db.pragma('wal_autocheckpoint = 10000');
    this.db.exec(schema);
    this.run = this.db.transaction((fn: () => unknown) => fn());
    this.migrateKvTable();
    const db = this.db;
    this.s = {
      maxRev: db.prepare<[], { rev: number | null }>(`SELECT seq AS rev FROM sqlite_sequence WHERE name = 'log'`),
      getMeta: db.prepare<[string], { value: number }>(`SELECT value FROM meta WHERE name = ?`),
      setMeta: db.prepare<[string, number]>(`INSERT INTO meta(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value`),
      insertLog: db.prepare<[number, string, number, number, string]>(`INSERT INTO log(rev, key, type, prev_rev, value) VALUES (?, ?, ?, ?, ?)`),
      setCurrent: db.prepare<[string, number, number]>(`INSERT INTO current(key, rev, create_rev) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET rev = excluded.rev`),
      claimKey: db.prepare<[string, number, number]>(`INSERT INTO current(key, rev, create_rev) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING`),
      deleteCurrent: db.prepare<[string]>(`DELETE FROM current WHERE key = ?`),
      getCurrent: db.prepare<[string], CurrentRow>(`SELECT c.key, c.rev, c.create_rev, l.value FROM current c JOIN log l ON l.rev = c.rev WHERE c.key = ?`),
      rangeCurrent: db.prepare<[string, string, number], CurrentRow>(
        `SELECT c.key, c.rev, c.create_rev, l.value FROM current c JOIN log l ON l.rev = c.rev WHERE c.key > ? AND c.key < ? ORDER BY c.key LIMIT ?`,
      ),
      countCurrent: db.prepare<[string, string], { n: number }>(`SELECT count(*) AS n FROM current WHERE key > ? AND key < ?`),
      // Current rows unchanged since a past revision.
      rangeCurrentAt: db.prepare<[string, string, number, number], CurrentRow>(
        `SELECT c.key, c.rev, c.create_rev, l.value FROM current c JOIN log l ON l.rev = c.rev WHERE c.key > ? AND c.key < ? AND c.rev <= ? ORDER BY c.key LIMIT ?`,
      ),
      // Keys of a range written after a revision, with the first such write (its prev_rev is
      // the key's version as of that revision; 0 = it did not exist then).
      changedAfter: db.prepare<[number, string, string], { key: string; first: number }>(
        `SELECT key, min(rev) AS first FROM log WHERE rev > ? AND key > ? AND key < ? GROUP BY key ORDER BY key`,
      ),
      logAfter: db.prepare<[number, number], LogRow>(`SELECT rev, key, type, prev_rev, value FROM log WHERE rev > ? ORDER BY rev LIMIT ?`),
      logAt: db.prepare<[number], LogRow>(`SELECT rev, key, type, prev_rev, value FROM log WHERE rev = ?`),
      prevRevOf: db.prepare<[number], { prev_rev: number }>(`SELECT prev_rev FROM log WHERE rev = ?`),
      // The same reads with the value as bytes (no UTF-8 decoding into a JS string and back when
      // the stored JSON is only copied to a socket).
      rangeCurrentBytes: db.prepare<[string, string, number], { key: string; value: Buffer }>(
        `SELECT c.key, CAST(l.value AS BLOB) AS value FROM current c JOIN log l ON l.rev = c.rev WHERE c.key > ? AND c.key < ? ORDER BY c.key LIMIT ?`,
      ),
      rangeCurrentAtBytes: db.prepare<[string, string, number, number], { key: string; value: Buffer }>(
        `SELECT c.key, CAST(l.value AS BLOB) AS value FROM current c JOIN log l ON l.rev = c.rev WHERE c.key > ? AND c.key < ? AND c.rev <= ? ORDER BY c.key LIMIT ?`,
      ),
      valueBytesAt: db.prepare<[number], { value: Buffer }>(`SELECT CAST(value AS BLOB) AS value FROM log WHERE rev = ?`),
      // Compaction to a mark M drops, below M, deletes and every row a row at or below M
      // supersedes (points at through prev_rev). So each key keeps its newest row as of M, and
      // the state at any revision >= M can still be rebuilt from the log. Done in slices: from a
      // log already compacted to L, the slice (L, H] drops the rows that rows of (L, H] point at
      // and the deletes of [L, H) — which leaves the log compacted to H.
      compactPointed: db.prepare<[number, number]>(
        `DELETE FROM log WHERE rev IN (SELECT prev_rev FROM log WHERE rev > ? AND rev <= ? AND prev_rev > 0)`,
      ),
      compactDeletes: db.prepare<[number, number]>(`DELETE FROM log WHERE rev >= ? AND rev < ? AND type = 2`),
      checkpoints: db.prepare<[], { at: number; rev: number }>(`SELECT at, rev FROM checkpoint ORDER BY at`),
      addCheckpoint: db.prepare<[number, number]>(`INSERT INTO checkpoint(at, rev) VALUES (?, ?) ON CONFLICT(at) DO UPDATE SET rev = excluded.rev`),
      dropCheckpoints: db.prepare<[number]>(`DELETE FROM checkpoint WHERE at < ?`),
      countLog: db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM log`),
    };
  }

  /** A data dir from before `current`: point at the log rows its kv table copied, then drop it. */
  private migrateKvTable(): void {
    const old = this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kv'`).get();
    if (!old) return;
    this.db.transaction(() => {
      // Compaction never removed a key's latest row, but a value is never dropped on trust.
      this.db.exec(
        `INSERT INTO log(rev, key, type, prev_rev, value) SELECT rev, key, CASE WHEN rev = create_rev THEN 0 ELSE 1 END, 0, value FROM kv WHERE rev NOT IN (SELECT rev FROM log)`,
      );
      this.db.exec(`INSERT OR REPLACE INTO current(key, rev, create_rev) SELECT key, rev, create_rev FROM kv`);
      this.db.exec(`DROP TABLE kv`);
    })();
  }

  maxRevision(): number {
    return this.s.maxRev.get()?.rev ?? 0;
  }
  meta(name: string): number | undefined {
    return this.s.getMeta.get(name)?.value;
  }
  setMeta(name: string, value: number): void {
    this.s.setMeta.run(name, value);
  }
  insertLog(row: LogRow): void {
    this.s.insertLog.run(row.rev, row.key, row.type, row.prev_rev, row.value);
  }
  /** Points `key` at its log row `rev` (the row must be appended in the same transaction). */
  setCurrent(key: string, rev: number, createRev: number): void {
    this.s.setCurrent.run(key, rev, createRev);
  }
  /** Claims a new key at log row `rev`; false (and nothing written) when the key exists. */
  claimKey(key: string, rev: number): boolean {
    return this.s.claimKey.run(key, rev, rev).changes === 1;
  }
  deleteCurrent(key: string): void {
    this.s.deleteCurrent.run(key);
  }
  getCurrent(key: string): CurrentRow | undefined {
    return this.s.getCurrent.get(key);
  }
  /** Current rows with after < key < end, in key order. */
  rangeCurrent(after: string, end: string, limit: number): CurrentRow[] {
    return this.s.rangeCurrent.all(after, end, limit);
  }
  countCurrent(after: string, end: string): number {
    return this.s.countCurrent.get(after, end)!.n;
  }
  /** Current rows with after < key < end written at or before `rev`, in key order. */
  rangeCurrentAt(after: string, end: string, rev: number, limit: number): CurrentRow[] {
    return this.s.rangeCurrentAt.all(after, end, rev, limit);
  }
  /** Keys with after < key < end written after `rev`, with their first write after it, in key order. */
  changedAfter(rev: number, after: string, end: string): Array<{ key: string; first: number }> {
    return this.s.changedAfter.all(rev, after, end);
  }
  logAfter(rev: number, limit: number): LogRow[] {
    return this.s.logAfter.all(rev, limit);
  }
  logAt(rev: number): LogRow | undefined {
    return this.s.logAt.get(rev);
  }
  /** The prev_rev of log row `rev` (undefined when the row is gone). */
  prevRevOf(rev: number): number | undefined {
    return this.s.prevRevOf.get(rev)?.prev_rev;
  }
  /** rangeCurrent with the values as bytes. */
  rangeCurrentBytes(after: string, end: string, limit: number): Array<{ key: string; value: Buffer }> {
    return this.s.rangeCurrentBytes.all(after, end, limit);
  }
  /** rangeCurrentAt with the values as bytes. */
  rangeCurrentAtBytes(after: string, end: string, rev: number, limit: number): Array<{ key: string; value: Buffer }> {
    return this.s.rangeCurrentAtBytes.all(after, end, rev, limit);
  }
  valueBytesAt(rev: number): Buffer | undefined {
    return this.s.valueBytesAt.get(rev)?.value;
  }
  /** One compaction slice: from a log compacted to `from`, compacts it to `to`; returns rows removed. */
  compactSlice(from: number, to: number): number {
    return this.s.compactPointed.run(from, to).changes + this.s.compactDeletes.run(from, to).changes;
  }
  /** The compaction time checkpoints, oldest first. */
  checkpoints(): Array<{ at: number; rev: number }> {
    return this.s.checkpoints.all();
  }
  addCheckpoint(at: number, rev: number): void {
    this.s.addCheckpoint.run(at, rev);
  }
  dropCheckpointsBefore(at: number): void {
    this.s.dropCheckpoints.run(at);
  }
  countLog(): number {
    return this.s.countLog.get()!.n;
  }
  /** Opens an outer transaction (group commit); nested `transaction` calls become savepoints. */
  begin(): void {
    this.db.exec('BEGIN');
  }
  commit(): void {
    this.db.exec('COMMIT');
  }
  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }
  transaction<T>(fn: () => T): T {
    return this.run(fn) as T;
  }
  close(): void {
    if (this.db.open && this.db.inTransaction) this.db.exec('COMMIT');
    if (this.db.open) this.db.close();
  }
}
