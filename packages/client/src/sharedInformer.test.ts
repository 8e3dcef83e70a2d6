import t from 'tap';
import type { KubeObject } from '@miniplane/api';
import { FakeClock, flush } from './testing/fakeClock.js';
import { FakeListerWatcher } from './testing/fakeListerWatcher.js';
import type { ResourceEventHandler } from './processorListener.js';
import { SharedInformer } from './sharedInformer.js';

const svc = (name: string, labels: Record<string, string> = {}): KubeObject => ({ metadata: { name, namespace: 'ns', labels } });

/** A handler that records "verb name@rv" lines. */
function recorder(): { lines: string[]; h: ResourceEventHandler<KubeObject> } {
  const lines: string[] = [];
  const at = (o: KubeObject): string => `${o.metadata.name}@${o.metadata.resourceVersion}`;
  return {
    lines,
    h: {
      onAdd: (o, initial) => void lines.push(`add ${at(o)}${initial ? ' initial' : ''}`),
      onUpdate: (a, b) => void lines.push(`update ${at(a)}->${at(b)}`),
      onDelete: (o) => void lines.push(`delete ${at(o)}`),
    },
  };
}

function setup(o: { resyncPeriodMs?: number } = {}): { clock: FakeClock; lw: FakeListerWatcher; inf: SharedInformer } {
  const clock = new FakeClock();
  const lw = new FakeListerWatcher();
  const inf = new SharedInformer({ listerWatcher: lw, clock, resyncPeriodMs: o.resyncPeriodMs, reflector: { random: () => 0 } });
  return { clock, lw, inf };
}

t.test('initial list, then live events in order; sync flags', async (t) => {
  const { lw, inf } = setup();
  lw.add(svc('a'));
  const { lines, h } = recorder();
  const reg = inf.addEventHandler(h);
  t.notOk(inf.hasSynced());
  await inf.start();
  t.ok(await inf.waitForCacheSync());
  await inf.idle();
  t.ok(reg.hasSynced());
  const b = lw.add(svc('b'));
  lw.modify({ ...b, metadata: { ...b.metadata, labels: { x: 'y' } } });
  lw.delete(b);
  await flush();
  await inf.idle();
  t.same(lines, ['add a@1 initial', 'add b@2', 'update b@2->b@3', 'delete b@4']);
  t.same(inf.store.listKeys(), ['ns/a']);
  t.equal(inf.lastSyncResourceVersion(), '4');
  await inf.stop();
});

t.test('a slow handler never delays another', async (t) => {
  const { lw, inf } = setup();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const slowSeen: string[] = [];
  inf.addEventHandler({ onAdd: async (o) => { slowSeen.push(o.metadata.name!); await gate; } });
  const fast = recorder();
  inf.addEventHandler(fast.h);
  await inf.start();
  await inf.waitForCacheSync();
  for (const n of ['a', 'b', 'c']) lw.add(svc(n));
  await flush();
  t.same(fast.lines, ['add a@1', 'add b@2', 'add c@3'], 'fast handler saw everything');
  t.same(slowSeen, ['a'], 'slow handler is still on its first call, with the rest buffered');
  release();
  await inf.idle();
  t.same(slowSeen, ['a', 'b', 'c'], 'then catches up in order');
  await inf.stop();
});

t.test('a throwing handler keeps receiving', async (t) => {
  const { lw, inf } = setup();
  const seen: string[] = [];
  inf.addEventHandler({ onAdd: (o) => { seen.push(o.metadata.name!); throw new Error('boom'); } });
  await inf.start();
  await inf.waitForCacheSync();
  lw.add(svc('a'));
  lw.add(svc('b'));
  await flush();
  await inf.idle();
  t.same(seen, ['a', 'b']);
  await inf.stop();
});

t.test('a handler added late is replayed the cache as initial adds', async (t) => {
  const { lw, inf } = setup();
  lw.add(svc('a'));
  await inf.start();
  await inf.waitForCacheSync();
  const { lines, h } = recorder();
  const reg = inf.addEventHandler(h);
  await inf.idle();
  t.same(lines, ['add a@1 initial']);
  t.ok(reg.hasSynced());
  await reg.remove();
  lw.add(svc('b'));
  await flush();
  t.same(lines, ['add a@1 initial'], 'removed handler hears nothing');
  await inf.stop();
});

t.test('resync delivers update(obj, obj) per period', async (t) => {
  const { clock, lw, inf } = setup({ resyncPeriodMs: 30_000 });
  lw.add(svc('a'));
  const { lines, h } = recorder();
  inf.addEventHandler(h);
  const quiet = recorder();
  inf.addEventHandler(quiet.h, { resyncPeriodMs: 0 }); // opts out
  await inf.start();
  await inf.waitForCacheSync();
  await clock.step(29_999);
  await inf.idle();
  t.same(lines, ['add a@1 initial']);
  await clock.step(1);
  await inf.idle();
  t.same(lines, ['add a@1 initial', 'update a@1->a@1']);
  await clock.step(30_000);
  await inf.idle();
  t.equal(lines.length, 3);
  t.same(quiet.lines, ['add a@1 initial']);
  await inf.stop();
  t.equal(clock.timerCount(), 0, 'stop cancels resync timers');
});

t.test('410 after missed changes: relist delivers only the difference', async (t) => {
  const { clock, lw, inf } = setup();
  const keep = lw.add(svc('keep'));
  const change = lw.add(svc('change'));
  const vanish = lw.add(svc('vanish'));
  const { lines, h } = recorder();
  inf.addEventHandler(h);
  await inf.start();
  await inf.waitForCacheSync();
  await inf.idle();
  lines.length = 0;
  lw.breakWatches(new Error('connection reset')); // reflector now waits 1s to reconnect
  await flush();
  lw.modify({ ...change, metadata: { ...change.metadata, labels: { v: '2' } } });
  lw.delete(vanish);
  lw.add(svc('fresh'));
  lw.compact(); // the missed events are gone from history
  await clock.step(1000);
  await inf.idle();
  t.same(lines, ['update change@2->change@4', 'add fresh@6', 'delete vanish@3'], 'delete carries the last known state');
  t.same(inf.store.listKeys().sort(), ['ns/change', 'ns/fresh', 'ns/keep']);
  t.equal(inf.store.get('ns/keep')?.metadata.resourceVersion, keep.metadata.resourceVersion, 'unchanged object untouched');
  t.same(lw.calls, ['list', 'watch@3', 'watch@3', 'list', 'watch@6']);
  await inf.stop();
});

t.test('stop before sync: waitForCacheSync resolves false', async (t) => {
  const { lw, inf } = setup();
  lw.failNextList(new Error('down'));
  await inf.start();
  const waiting = inf.waitForCacheSync();
  await inf.stop();
  t.equal(await waiting, false);
  const ac = new AbortController();
  ac.abort();
  t.equal(await new SharedInformer({ listerWatcher: lw }).waitForCacheSync(ac.signal), false);
});

t.test('custom indexers are available on the store', async (t) => {
  const clock = new FakeClock();
  const lw = new FakeListerWatcher();
  const inf = new SharedInformer({ listerWatcher: lw, clock, indexers: { app: (o) => (o.metadata.labels?.app ? [o.metadata.labels.app] : []) } });
  lw.add(svc('a', { app: 'web' }));
  lw.add(svc('b', { app: 'db' }));
  await inf.start();
  await inf.waitForCacheSync();
  t.same(inf.store.byIndex('app', 'web').map((o) => o.metadata.name), ['a']);
  await inf.stop();
});
