import t from 'tap';
import { ResourceVersionTooOld, type KubeList, type KubeObject } from '@miniplane/api';
import { FakeClock, flush } from './testing/fakeClock.js';
import { Reflector, planRelist, type Delta, type ListerWatcher, type ReflectorOptions } from './reflector.js';
import { IndexedStore } from './store.js';
import type { ObjectWatchEvent } from './watchStream.js';

// Unit tests with a scripted in-memory ListerWatcher (no HTTP); the same behaviour against
// the real apiserver is in test/informer.test.ts.

const svc = (name: string, rv: string): KubeObject => ({ metadata: { name, namespace: 'ns', resourceVersion: rv } });
const list = (rv: string, ...items: KubeObject[]): KubeList => ({ apiVersion: 'v1', kind: 'ServiceList', metadata: { resourceVersion: rv }, items });

/** A watch stream the test feeds by hand. */
class Stream implements AsyncIterable<ObjectWatchEvent> {
  private queue: Array<ObjectWatchEvent | Error | 'end'> = [];
  private wake: (() => void) | undefined;
  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => this.push('end'));
  }
  push(x: ObjectWatchEvent | Error | 'end'): void {
    this.queue.push(x);
    this.wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<ObjectWatchEvent> {
    for (;;) {
      while (this.queue.length === 0) await new Promise<void>((r) => (this.wake = r));
      const x = this.queue.shift()!;
      if (x === 'end') return;
      if (x instanceof Error) throw x;
      yield x;
    }
  }
}

class ScriptedLW implements ListerWatcher<KubeObject> {
  calls: string[] = [];
  lists: Array<KubeList | Error> = [];
  streams: Stream[] = [];
  async list(): Promise<KubeList> {
    this.calls.push('list');
    const next = this.lists.shift();
    if (!next) throw new Error('no list scripted');
    if (next instanceof Error) throw next;
    return next;
  }
  watch(o: { resourceVersion?: string; signal?: AbortSignal }): AsyncIterable<ObjectWatchEvent> {
    this.calls.push(`watch@${o.resourceVersion}`);
    const s = new Stream(o.signal!);
    this.streams.push(s);
    return s;
  }
  get stream(): Stream {
    return this.streams[this.streams.length - 1]!;
  }
}

function setup(o: Pick<ReflectorOptions<KubeObject>, 'transform'> = {}): { clock: FakeClock; lw: ScriptedLW; deltas: string[]; r: Reflector } {
  const clock = new FakeClock();
  const lw = new ScriptedLW();
  const deltas: string[] = [];
  const fmt = (d: Delta<KubeObject>): string =>
    d.type === 'update' ? `update ${d.obj.metadata.name} ${d.old.metadata.resourceVersion}->${d.obj.metadata.resourceVersion}`
      : d.type === 'add' ? `add ${d.obj.metadata.name}${d.initial ? ' (initial)' : ''}` : `delete ${d.obj.metadata.name}@${d.obj.metadata.resourceVersion}`;
  const r = new Reflector({ listerWatcher: lw, clock, onDelta: (d) => deltas.push(fmt(d)), random: () => 0, ...o });
  return { clock, lw, deltas, r };
}

/** `setup()`, started over a first list `first` and flushed (the watch from its RV open). */
async function running(first: KubeList, o: Pick<ReflectorOptions<KubeObject>, 'transform'> = {}): Promise<ReturnType<typeof setup>> {
  const s = setup(o);
  s.lw.lists.push(first);
  await s.r.start();
  await flush();
  return s;
}

t.test('planRelist is a pure diff', async (t) => {
  const store = new IndexedStore();
  store.add(svc('same', '1'));
  store.add(svc('changed', '1'));
  store.add(svc('gone', '1'));
  const d = planRelist(store, [svc('same', '1'), svc('changed', '2'), svc('new', '3')], false);
  t.same(d.map((x) => `${x.type} ${x.obj.metadata.name}`), ['update changed', 'add new', 'delete gone']);
  t.equal(store.list().length, 3, 'store untouched');
});

t.test('list, then watch from the list RV; events become deltas; bookmark only moves RV', async (t) => {
  const { lw, deltas, r } = setup();
  lw.lists.push(list('10', svc('a', '5')));
  await r.start();
  await flush();
  t.ok(r.hasSynced());
  t.same(lw.calls, ['list', 'watch@10']);
  lw.stream.push({ type: 'ADDED', object: svc('b', '11') });
  lw.stream.push({ type: 'MODIFIED', object: svc('a', '12') });
  lw.stream.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '20' } } });
  lw.stream.push({ type: 'DELETED', object: svc('b', '21') });
  await flush();
  t.same(deltas, ['add a (initial)', 'add b', 'update a 5->12', 'delete b@21']);
  t.equal(r.lastSyncResourceVersion(), '21');
  t.same(r.store.listKeys(), ['ns/a']);
  await r.stop();
});

t.test('a clean end after events resumes at once from the last RV', async (t) => {
  const { lw, r } = setup();
  lw.lists.push(list('10'));
  await r.start();
  await flush();
  lw.stream.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '15' } } });
  lw.stream.push('end');
  await flush();
  t.same(lw.calls, ['list', 'watch@10', 'watch@15']);
  await r.stop();
});

t.test('watch errors back off 1s, 2s, 4s … capped at 30s, reset by a delivered event', async (t) => {
  const { clock, lw, r } = setup();
  lw.lists.push(list('10'));
  await r.start();
  await flush();
  const waits: number[] = [];
  for (let i = 0; i < 7; i++) {
    const before = lw.streams.length;
    lw.stream.push(new Error('connection reset'));
    let waited = 0;
    while (lw.streams.length === before) {
      await clock.step(500);
      waited += 500;
    }
    waits.push(waited);
  }
  t.same(waits, [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  lw.stream.push({ type: 'ADDED', object: svc('x', '11') });
  lw.stream.push(new Error('reset again'));
  await flush();
  const before = lw.streams.length;
  await clock.step(999);
  t.equal(lw.streams.length, before, 'not yet');
  await clock.step(1);
  t.equal(lw.streams.length, before + 1, 'back to 1s after a healthy stream');
  t.equal(lw.calls.filter((c) => c === 'list').length, 1, 'plain errors never relist');
  t.match(lw.calls[lw.calls.length - 1], 'watch@11');
  await r.stop();
});

t.test('410 Expired relists and delivers only the difference', async (t) => {
  const { lw, deltas, r } = setup();
  lw.lists.push(list('10', svc('keep', '1'), svc('change', '2'), svc('vanish', '3')));
  lw.lists.push(list('50', svc('keep', '1'), svc('change', '40'), svc('fresh', '45')));
  await r.start();
  await flush();
  deltas.length = 0;
  lw.stream.push(new ResourceVersionTooOld(10, 30));
  await flush();
  t.same(lw.calls, ['list', 'watch@10', 'list', 'watch@50'], 'relist immediately, then watch from the new RV');
  t.same(deltas, ['update change 2->40', 'add fresh', 'delete vanish@3'], 'delete carries the last known state');
  t.same(r.store.listKeys().sort(), ['ns/change', 'ns/fresh', 'ns/keep']);
  await r.stop();
});

t.test('a failed list is retried after the back-off', async (t) => {
  const { clock, lw, r } = setup();
  lw.lists.push(new Error('ECONNREFUSED'), list('7'));
  await r.start();
  await flush();
  t.notOk(r.hasSynced());
  await clock.step(1000);
  t.ok(r.hasSynced());
  t.same(lw.calls, ['list', 'list', 'watch@7']);
  await r.stop();
});

t.test('a watch that closes at once without events is backed off, not hot-looped', async (t) => {
  const { clock, lw, r } = setup();
  lw.lists.push(list('7'));
  await r.start();
  await flush();
  lw.stream.push('end');
  await flush();
  t.equal(lw.streams.length, 1);
  await clock.step(1000);
  t.equal(lw.streams.length, 2);
  await r.stop();
});

t.test('stop ends an idle watch and a pending back-off', async (t) => {
  const { lw, r } = setup();
  lw.lists.push(new Error('down'));
  await r.start();
  await flush();
  await r.stop();
  t.same(lw.calls, ['list']);
});

t.test('a 410 from the list itself is backed off, not relisted in a hot loop', async (t) => {
  const { clock, lw, r } = setup();
  lw.lists.push(new ResourceVersionTooOld(1, 2), list('9'));
  await r.start();
  await flush();
  t.same(lw.calls, ['list'], 'waiting');
  await clock.step(1000);
  t.same(lw.calls, ['list', 'list', 'watch@9']);
  await r.stop();
});

t.test('relist(): ends the watch, lists afresh (differences only) and resolves once that list is stored', async (t) => {
  const { lw, deltas, r } = await running(list('10', svc('a', '5'), svc('b', '6')));
  lw.lists.push(list('30', svc('a', '5'), svc('c', '25')));
  let relisted = false;
  const done = r.relist().then(() => (relisted = true));
  await done;
  t.ok(relisted);
  t.same(lw.calls, ['list', 'watch@10', 'list', 'watch@30']);
  t.same(deltas, ['add a (initial)', 'add b (initial)', 'add c', 'delete b@6']);
  t.same(r.store.listKeys().sort(), ['ns/a', 'ns/c']);
  await r.stop();
});

t.test('relist(): a failed list is retried after the back-off; the caller waits for the one that succeeds', async (t) => {
  const { clock, lw, r } = await running(list('10'));
  lw.lists.push(new Error('server unavailable'), list('12', svc('x', '11')));
  let relisted = false;
  void r.relist().then(() => (relisted = true));
  await flush();
  t.notOk(relisted, 'not after the failed list');
  await clock.step(1000);
  await flush();
  t.ok(relisted);
  t.same(r.store.listKeys(), ['ns/x']);
  await r.stop();
});

t.test('transform rewrites listed and watched objects before they are stored', async (t) => {
  const { lw, r } = await running(list('10', svc('a', '5')), { transform: (o) => ({ ...o, metadata: { ...o.metadata, labels: { seen: 'yes' } } }) });
  lw.stream.push({ type: 'ADDED', object: svc('b', '11') });
  lw.stream.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '20' } } });
  await flush();
  t.same(r.store.list().map((o) => o.metadata.labels), [{ seen: 'yes' }, { seen: 'yes' }]);
  t.equal(r.lastSyncResourceVersion(), '20', 'a bookmark is not transformed');
  await r.stop();
});
