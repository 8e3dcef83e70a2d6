import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { KvStore } from './kvStore.js';
import { RevisionLog } from './revisionLog.js';
import { SqliteDialect } from './sqliteDialect.js';

const json = (name: string, rv: number, v: string) => JSON.stringify({ metadata: { name, resourceVersion: String(rv) }, data: { v } });

t.test('a data dir from before the current table opens with every value and revision kept', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-dialect-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'miniplane.db');
  // The old layout: the current state carried its own copy of each value.
  const old = new Database(file);
  old.exec(`
    CREATE TABLE log (rev INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, type INTEGER NOT NULL, prev_rev INTEGER NOT NULL, value TEXT NOT NULL);
    CREATE TABLE kv (key TEXT PRIMARY KEY, rev INTEGER NOT NULL, create_rev INTEGER NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
  `);
  const log = old.prepare('INSERT INTO log(rev, key, type, prev_rev, value) VALUES (?, ?, ?, ?, ?)');
  const kv = old.prepare('INSERT INTO kv(key, rev, create_rev, value) VALUES (?, ?, ?, ?)');
  log.run(1, '/k/a', 0, 0, json('a', 1, 'one'));
  log.run(2, '/k/a', 1, 1, json('a', 2, 'two'));
  log.run(3, '/k/gone', 0, 0, json('gone', 3, 'x'));
  log.run(4, '/k/gone', 2, 3, json('gone', 4, 'x'));
  kv.run('/k/a', 2, 1, json('a', 2, 'two'));
  // A row whose log entry is missing (never made by miniplane): its value must still survive.
  kv.run('/k/b', 5, 5, json('b', 5, 'five'));
  old.close();

  const d = new SqliteDialect(file);
  t.teardown(() => d.close());
  const store = new KvStore(d, new RevisionLog({ dialect: d, groupCommit: false, keepRevisions: 100, keepMillis: 0 }));
  t.same(store.get('/k/a'), { rev: 2, createRev: 1, obj: JSON.parse(json('a', 2, 'two')) }, 'the latest version, with its create revision');
  t.same(store.get('/k/b')?.obj, JSON.parse(json('b', 5, 'five')), 'a value only the old table held is kept');
  t.equal(store.get('/k/gone'), undefined, 'deleted keys stay deleted');
  t.same(store.list('/k/').items.map((o) => o.metadata.name), ['a', 'b']);
  t.notOk(d.db.prepare(`SELECT name FROM sqlite_master WHERE name = 'kv'`).get(), 'the old table is gone');
  // Writes go on from there.
  const next = store.update('/k/a', { metadata: { name: 'a' }, data: { v: 'three' } }, 2);
  t.equal(next.metadata.resourceVersion, '6');
  t.equal(store.get('/k/a')?.obj.data && (store.get('/k/a')!.obj.data as { v: string }).v, 'three');
});

t.test('a value is stored once: the current state points at its log row', async (t) => {
  const d = new SqliteDialect(':memory:');
  t.teardown(() => d.close());
  const store = new KvStore(d, new RevisionLog({ dialect: d, groupCommit: false, keepRevisions: 100, keepMillis: 0 }));
  store.create('/k/a', { metadata: { name: 'a' }, data: { v: 'x'.repeat(1000) } });
  const cols = d.db.prepare(`SELECT name FROM pragma_table_info('current')`).all() as Array<{ name: string }>;
  t.same(cols.map((c) => c.name), ['key', 'rev', 'create_rev']);
  t.equal(store.getRaw('/k/a')?.json, d.logAt(1)?.value, 'read back through the log row');
});
