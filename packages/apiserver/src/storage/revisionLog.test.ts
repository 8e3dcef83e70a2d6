import t from 'tap';
import { ResourceVersionTooOld } from '@miniplane/api';
import { KvStore, RevisionMismatch, KeyExists, SnapshotCompacted } from './kvStore.js';
import { RevisionLog, type StoreEvent } from './revisionLog.js';
import { SqliteDialect } from './sqliteDialect.js';

function setup(groupCommit: boolean) {
  const d = new SqliteDialect(':memory:');
  const log = new RevisionLog({ dialect: d, groupCommit, keepRevisions: 2, keepMillis: 0 });
  const kv = new KvStore(d, log);
  return { d, log, kv };
}
const obj = (name: string, v = '1') => ({ metadata: { name }, data: { v } });
/** The error `fn` throws (undefined when it does not), to assert its class by identity. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

for (const groupCommit of [false, true]) {
  t.test(`writes stamp consecutive revisions and publish in order (groupCommit=${groupCommit})`, async (t) => {
    const { log, kv } = setup(groupCommit);
    const seen: StoreEvent[] = [];
    log.subscribe(0, (e) => seen.push(e));
    const a = kv.create('/k/a', obj('a'));
    const b = kv.update('/k/a', obj('a', '2'), 1);
    const c = kv.delete('/k/a');
    t.same([a, b, c].map((o) => o.metadata.resourceVersion), ['1', '2', '3']);
    await log.settled();
    t.same(seen.map((e) => `${e.rev}:${e.type}`), ['1:ADDED', '2:MODIFIED', '3:DELETED']);
    t.equal(JSON.parse(seen[1]!.prevValue!).data.v, '1', 'MODIFIED carries the previous value');
  });
}

t.test('group commit: events wait for the commit; a failing write rolls back alone', async (t) => {
  const { log, kv } = setup(true);
  const seen: number[] = [];
  log.subscribe(0, (e) => seen.push(e.rev));
  kv.create('/k/a', obj('a'));
  t.type(thrown(() => kv.create('/k/a', obj('a'))), KeyExists);
  let undone = false;
  t.ok(thrown(() =>
    log.transaction(() => {
      log.onRollback(() => (undone = true));
      kv.create('/k/b', obj('b'));
      throw new Error('abort');
    }),
  ));
  t.ok(undone, 'rollback undo ran');
  kv.create('/k/c', obj('c'));
  t.same(seen, [], 'nothing published before the batch commits');
  await log.settled();
  t.same(seen, [1, 2], 'the aborted write left no revision gap');
  t.notOk(kv.get('/k/b'), 'aborted write not stored');
  t.equal(kv.get('/k/c')!.rev, 2);
});

t.test('optimistic concurrency and subscribe replay', async (t) => {
  const { log, kv } = setup(false);
  kv.create('/k/a', obj('a'));
  t.type(thrown(() => kv.update('/k/a', obj('a', '9'), 7)), RevisionMismatch);
  kv.update('/k/a', obj('a', '2'), 1);
  const replay: number[] = [];
  const off = log.subscribe(1, (e) => replay.push(e.rev));
  t.same(replay, [2], 'replays only revisions after the one asked for');
  off();
});

t.test('compaction: history below the mark goes; state at later revisions stays readable', async (t) => {
  const { log, kv } = setup(false);
  for (let i = 0; i < 6; i++) kv.create(`/k/o${i}`, obj(`o${i}`));
  kv.update('/k/o0', obj('o0', '2')); // rev 7 supersedes rev 1
  kv.delete('/k/o1'); // rev 8 supersedes rev 2, and is itself a tombstone
  for (let i = 0; i < 3; i++) kv.create(`/k/p${i}`, obj(`p${i}`)); // revs 9-11
  const removed = log.compact();
  t.equal(log.compactRevision, 9, 'mark = current - keepRevisions');
  t.equal(removed, 3, 'o0@1, o1@2 and the o1 tombstone@8 go');
  t.type(thrown(() => log.subscribe(1, () => {})), ResourceVersionTooOld);
  t.type(thrown(() => kv.list('/k/', { atRev: 1 })), SnapshotCompacted);
  const at = kv.list('/k/', { atRev: 9 });
  t.same(at.items.map((o) => o.metadata.name), ['o0', 'o2', 'o3', 'o4', 'o5', 'p0'], 'state as of the mark');
  t.equal(at.items[0]!.data && (at.items[0]!.data as { v: string }).v, '2');
  t.same(kv.list('/k/').items.length, 8, 'current state untouched');
});

t.test('a list at a past revision shows each key as it was then', async (t) => {
  const { log, kv } = setup(false);
  kv.create('/k/a', obj('a', '1'));
  kv.create('/k/b', obj('b', '1'));
  kv.create('/k/c', obj('c', '1'));
  const snap = log.currentRevision; // 3
  kv.update('/k/a', obj('a', '2')); // changed after the snapshot
  kv.update('/k/a', obj('a', '3'));
  kv.delete('/k/b'); // deleted after
  kv.create('/k/d', obj('d', '1')); // created after
  kv.delete('/k/d');
  kv.create('/k/b', obj('b', '9')); // recreated after
  const at = kv.list('/k/', { atRev: snap });
  t.same(at.items.map((o) => `${o.metadata.name}=${(o.data as { v: string }).v}@${o.metadata.resourceVersion}`), ['a=1@1', 'b=1@2', 'c=1@3']);
  const page1 = kv.list('/k/', { atRev: snap, limit: 2 });
  t.same(page1.items.map((o) => o.metadata.name), ['a', 'b']);
  const page2 = kv.list('/k/', { atRev: snap, limit: 2, startAfter: page1.lastKey });
  t.same(page2.items.map((o) => o.metadata.name), ['c']);
  t.same(kv.list('/k/').items.map((o) => `${o.metadata.name}=${(o.data as { v: string }).v}`), ['a=3', 'b=9', 'c=1'], 'current state');
});

t.test('the replay cache is bounded in bytes; older events replay from SQLite', async (t) => {
  const d = new SqliteDialect(':memory:');
  const log = new RevisionLog({ dialect: d, groupCommit: false, cacheBytes: 10_000 });
  const kv = new KvStore(d, log);
  const big = 'x'.repeat(1000);
  for (let i = 0; i < 20; i++) kv.create(`/k/o${i}`, obj(`o${i}`, big));
  t.ok(log.cacheBytes <= 10_000 && log.cacheBytes > 5_000, `cache holds ${log.cacheBytes} bytes`);
  const seen: number[] = [];
  log.subscribe(0, (e) => seen.push(e.rev));
  t.same(seen, Array.from({ length: 20 }, (_, i) => i + 1), 'every event replayed, in order');
  kv.delete('/k/o0');
  t.equal(seen.at(-1), 21, 'then live');
});
