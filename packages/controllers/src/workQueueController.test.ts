import t from 'tap';
import type { KubeObject } from '@miniplane/api';
import { RestClient, SharedInformer, metaNamespaceKey, type HandlerRegistration } from '@miniplane/client';
import { FakeClock, FakeListerWatcher, flush } from '@miniplane/client/testing';
import { WorkQueueController, type WorkQueueSetup } from './workQueueController.js';

const obj = (name: string): KubeObject => ({ metadata: { name, namespace: 'ns' } });

/** A shell that queues each object's key, syncs by recording "key@time", and fails keys named `fail…`. */
class Recording extends WorkQueueController {
  readonly synced: string[] = [];
  readonly stops: string[] = [];
  resyncs = 0;
  release: (() => void) | undefined;

  constructor(private readonly inf: SharedInformer, clock: FakeClock, setup: Partial<WorkQueueSetup>, private readonly initial: string[] = []) {
    super({ client: new RestClient({ config: { server: 'http://127.0.0.1:1' } }), clock, maxRetries: 1 }, { queueName: 'test', ...setup });
  }

  protected override handlers(): HandlerRegistration[] {
    return [this.inf.addEventHandler({ onAdd: (o) => this.enqueue(metaNamespaceKey(o)) })];
  }

  protected override initialKeys(): string[] {
    return this.initial;
  }

  protected override resync(): void {
    this.resyncs++;
  }

  protected override async stopped(): Promise<void> {
    this.stops.push(`stopped after ${this.synced.length} syncs`);
  }

  protected async sync(key: string): Promise<void> {
    this.synced.push(`${key}@${this.clock.now()}`);
    if (key === 'slow') await new Promise<void>((resolve) => (this.release = resolve));
    if (key.startsWith('fail')) throw new Error('failed');
  }

  /** Indexes objects by their `team` label (none without one). */
  indexByTeam(): void {
    this.indexOnce(this.inf.store, 'team', (o) => o.metadata.labels?.team);
  }

  aborted(): boolean {
    return this.signal.aborted;
  }
}

async function setup(setup: Partial<WorkQueueSetup> = {}, initial: string[] = []) {
  const clock = new FakeClock();
  const lw = new FakeListerWatcher();
  const inf = new SharedInformer({ listerWatcher: lw, clock });
  lw.add(obj('a'));
  await inf.start();
  await inf.waitForCacheSync();
  return { clock, lw, inf, c: new Recording(inf, clock, setup, initial) };
}

t.test('start: cached objects through the handlers, then the initial keys and the pass key; a second start adds nothing', async (t) => {
  const { inf, c } = await setup({ pass: { key: 'pass' } }, ['x']);
  await c.start();
  await c.start();
  await inf.idle();
  await flush();
  t.same(c.synced.sort(), ['ns/a@0', 'pass@0', 'x@0'].sort());
  await c.stop();
  await inf.stop();
});

t.test('stop removes the handlers but leaves a shared informer running', async (t) => {
  const { lw, inf, c } = await setup();
  const other: string[] = [];
  inf.addEventHandler({ onAdd: (o) => void other.push(o.metadata.name!) });
  await c.start();
  await inf.idle();
  await flush();
  await c.stop();
  t.ok(c.aborted(), 'the signal is aborted');
  lw.add(obj('b'));
  await inf.idle();
  await flush();
  t.same(c.synced, ['ns/a@0'], 'nothing queued after stop');
  t.same(other, ['a', 'b'], 'the informer still delivers to its other handlers');
  t.same(c.stops, ['stopped after 1 syncs']);
  await inf.stop();
});

t.test('stop waits for the sync in hand, then runs stopped()', async (t) => {
  const { inf, c } = await setup({}, ['slow']);
  await c.start();
  await inf.idle();
  await flush();
  let done = false;
  const stopping = c.stop().then(() => (done = true));
  await flush();
  t.notOk(done, 'still syncing');
  t.same(c.stops, []);
  c.release!();
  await stopping;
  t.same(c.stops, [`stopped after ${c.synced.length} syncs`]);
  await inf.stop();
});

t.test('a pass with everyMs runs again that long after each pass, failed or not', async (t) => {
  const cases = [
    { name: 'passing', key: 'pass', want: ['pass@0', 'pass@1000', 'pass@2000'] },
    // maxRetries 1: each failed pass is retried once, rate limited (5 ms), and the next pass comes
    // 1000 ms after the last failure (the periodic add and the retry share one queue entry).
    { name: 'failing', key: 'fail-pass', want: ['fail-pass@0', 'fail-pass@5', 'fail-pass@1005', 'fail-pass@1010', 'fail-pass@2010', 'fail-pass@2015'] },
  ];
  for (const tc of cases) {
    t.test(tc.name, async (t) => {
      const { clock, inf, c } = await setup({ pass: { key: tc.key, everyMs: 1000 } });
      await c.start();
      await clock.step(2500);
      t.same(c.synced.filter((s) => s.startsWith(tc.key)), tc.want);
      await c.stop();
      await inf.stop();
    });
  }
});

t.test('resync runs every resyncPeriodMs until stop', async (t) => {
  const { clock, inf, c } = await setup({ resyncPeriodMs: 100 });
  await c.start();
  await clock.step(350);
  t.equal(c.resyncs, 3);
  await c.stop();
  await clock.step(1000);
  t.equal(c.resyncs, 3, 'none after stop');
  await inf.stop();
});

t.test('indexOnce: a second controller on the same shared cache finds the index there', async (t) => {
  const { clock, lw, inf, c } = await setup();
  const labelled = (name: string, team?: string): KubeObject => ({ metadata: { name, namespace: 'ns', labels: team ? { team } : {} } });
  lw.add(labelled('b', 'red'));
  lw.add(labelled('c', '')); // an empty key indexes nothing, as undefined
  await flush();
  t.equal(inf.store.list().length, 3, 'the cache has them');
  c.indexByTeam();
  const next = new Recording(inf, clock, {});
  t.doesNotThrow(() => next.indexByTeam(), 'no indexer conflict');
  t.same(inf.store.byIndex('team', 'red').map((o) => o.metadata.name), ['b']);
  t.same(inf.store.byIndex('team', '').map((o) => o.metadata.name), []);
  await inf.stop();
});
