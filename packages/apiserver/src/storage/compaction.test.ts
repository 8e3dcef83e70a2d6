import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KvStore } from './kvStore.js';
import { RevisionLog } from './revisionLog.js';
import { SqliteDialect } from './sqliteDialect.js';

const minute = 60_000;
const obj = (name: string, v: string) => ({ metadata: { name }, data: { v } });

/** Opens the store in `file` as a (re)started server would, with the clock at `clock.at`. */
function open(file: string, clock: { at: number }, keep = { keepRevisions: 5, keepMillis: 5 * minute }) {
  const d = new SqliteDialect(file);
  const log = new RevisionLog({ dialect: d, groupCommit: false, now: () => clock.at, ...keep });
  return { d, log, kv: new KvStore(d, log) };
}

/** Every log row, as `rev:key:type`. */
function rows(d: SqliteDialect): string[] {
  return d.db.prepare<[], { rev: number; key: string; type: number }>('SELECT rev, key, type FROM log ORDER BY rev').all().map((r) => `${r.rev}:${r.key}:${r.type}`);
}

t.test('restarts every 2 minutes: the 5-minute window is measured across them and the log is compacted', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-compact-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'db');
  const clock = { at: Date.UTC(2026, 11, 4) };
  let s = open(file, clock);
  s.kv.create('/k/x', obj('x', '0'));
  const marks: number[] = [];
  for (let run = 0; run < 4; run++) {
    for (let i = 0; i < 20; i++) s.kv.update('/k/x', obj('x', `${run}-${i}`));
    clock.at += 30_000; // the first compaction tick of a run, 30 s after its start
    s.log.compact();
    marks.push(s.log.compactRevision);
    s.d.close();
    clock.at += 90_000; // down and up again two minutes after the run started
    s = open(file, clock);
  }
  t.same(marks.slice(0, 2), [0, 0], 'nothing older than 5 minutes during the first runs');
  t.ok(marks[3]! > 0, `compacted by the 4th run (marks ${marks.join(', ')})`);
  const before = rows(s.d).length;
  clock.at += 6 * minute;
  s.log.compact();
  t.equal(s.log.compactRevision, s.log.currentRevision - 5, 'everything but the last 5 revisions once the window passed');
  t.ok(rows(s.d).length < before, 'rows removed');
  t.same(s.kv.get('/k/x')!.obj.data, { v: '3-19' }, 'current state intact');
  t.ok(s.d.checkpoints().length <= 3, `old checkpoints pruned (${s.d.checkpoints().length} left)`);
  s.d.close();
});

t.test('a pass in slices leaves exactly the rows a one-shot compaction leaves', async (t) => {
  const clock = { at: 0 };
  const build = () => {
    const s = open(':memory:', clock, { keepRevisions: 0, keepMillis: 0 });
    for (let i = 0; i < 40; i++) s.kv.create(`/k/o${i}`, obj(`o${i}`, '0'));
    for (let i = 0; i < 200; i++) {
      const k = `/k/o${(i * 7) % 40}`;
      if (i % 9 === 4 && s.kv.get(k)) s.kv.delete(k);
      else if (s.kv.get(k)) s.kv.update(k, obj('o', String(i)));
      else s.kv.create(k, obj('o', String(i)));
    }
    return s;
  };
  const oneShot = build();
  const mark = oneShot.log.currentRevision - 17;
  oneShot.log.forceCompact(mark);
  for (const span of [1, 3, 50]) {
    const sliced = build();
    let slices = 0;
    while (sliced.log.compactRevision < mark) {
      sliced.log.compactSlice(mark, span);
      slices++;
    }
    t.same(rows(sliced.d), rows(oneShot.d), `span ${span}: same rows (${slices} slices)`);
    t.same(sliced.kv.list('/k/', { atRev: mark }).items, oneShot.kv.list('/k/', { atRev: mark }).items, `span ${span}: same state at the mark`);
  }
});

t.test('a pinned snapshot stays readable through compaction', async (t) => {
  const clock = { at: 0 };
  const s = open(':memory:', clock, { keepRevisions: 0, keepMillis: 0 });
  for (let i = 0; i < 10; i++) s.kv.create(`/k/o${i}`, obj(`o${i}`, '0'));
  const snap = s.log.currentRevision;
  const unpin = s.log.pin(snap - 5);
  for (let i = 0; i < 10; i++) s.kv.update(`/k/o${i}`, obj(`o${i}`, '1'));
  s.log.compact();
  t.equal(s.log.compactRevision, snap - 5, 'the pass stops at the pinned revision');
  t.equal(s.kv.list('/k/', { atRev: snap - 5 }).items.length, 5);
  unpin();
  s.log.compact();
  t.equal(s.log.compactRevision, s.log.currentRevision, 'unpinned: compacted all the way');
});

t.test('a pin holds compaction back for the time window only (a reader stalled longer gets 410)', async (t) => {
  const clock = { at: 0 };
  const s = open(':memory:', clock, { keepRevisions: 0, keepMillis: 2 * minute });
  for (let i = 0; i < 10; i++) s.kv.create(`/k/o${i}`, obj(`o${i}`, '0'));
  clock.at += 3 * minute;
  s.log.compact(); // a checkpoint at revision 10
  clock.at += 1.5 * minute;
  const unpin = s.log.pin(3);
  clock.at += 1.5 * minute;
  s.log.compact();
  t.equal(s.log.compactRevision, 3, 'within the window: held at the pin');
  clock.at += 3 * minute;
  s.log.compact();
  t.equal(s.log.compactRevision, 10, 'past the window: the stale pin no longer holds it');
  unpin();
});
