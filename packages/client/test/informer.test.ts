import t from 'tap';
import type { KubeObject } from '@miniplane/api';
import { listWatch, Reflector } from '../src/reflector.js';
import { SharedInformer } from '../src/sharedInformer.js';
import { cuttable, eventually, startTestServer } from './server.js';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

const cm = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}): ConfigMap =>
  ({ metadata: { name, labels }, data });

function recorder(): { lines: string[]; h: Parameters<SharedInformer<ConfigMap>['addEventHandler']>[0] } {
  const lines: string[] = [];
  return {
    lines,
    h: {
      onAdd: (o, initial) => void lines.push(`add ${o.metadata.name}${initial ? ' initial' : ''}`),
      onUpdate: (a, b) => void lines.push(`update ${a.metadata.name} ${a.data?.v ?? '-'}->${b.data?.v ?? '-'}`),
      onDelete: (o) => void lines.push(`delete ${o.metadata.name} ${o.data?.v ?? '-'}`),
    },
  };
}

t.test('informer follows the real server: initial list, then live changes', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  await cms.create(cm('a', {}, { v: '1' }));
  const inf = new SharedInformer<ConfigMap>({ listerWatcher: listWatch(cms) });
  const { lines, h: handler } = recorder();
  const reg = inf.addEventHandler(handler);
  await inf.start();
  t.teardown(() => inf.stop());
  t.ok(await inf.waitForCacheSync());
  await eventually(() => reg.hasSynced(), 2000, 'handler sync');
  const b = await cms.create(cm('b', {}, { v: '1' }));
  await cms.update({ ...b, data: { v: '2' } });
  await cms.delete('a');
  await eventually(() => lines.length === 4, 5000, 'four notifications');
  t.same(lines, ['add a initial', 'add b', 'update b 1->2', 'delete a 1']);
  t.same(inf.store.listKeys(), ['default/b']);
  t.equal(inf.store.get('default/b')?.data?.v, '2');
  t.equal(inf.store.get('default/b')?.kind, 'ConfigMap');
});

t.test('a label-scoped informer sees objects enter and leave its selector', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  const inf = new SharedInformer<ConfigMap>({ listerWatcher: listWatch(cms, { labelSelector: 'app=web' }) });
  const { lines, h: handler } = recorder();
  inf.addEventHandler(handler);
  await inf.start();
  t.teardown(() => inf.stop());
  await inf.waitForCacheSync();
  const x = await cms.create(cm('x', { app: 'db' }));
  await cms.create(cm('y', { app: 'web' }));
  await cms.update({ ...x, metadata: { ...x.metadata, labels: { app: 'web' } } }); // enters
  await eventually(() => lines.length === 2, 5000, 'two adds');
  t.same(lines, ['add y', 'add x']);
  t.same(inf.store.listKeys().sort(), ['default/x', 'default/y']);
});

t.test('410 after a partition: relist delivers only the difference', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  await cms.create(cm('keep', {}, { v: '1' }));
  const change = await cms.create(cm('change', {}, { v: '1' }));
  await cms.create(cm('vanish', {}, { v: '1' }));
  const net = cuttable(listWatch(cms));
  const inf = new SharedInformer<ConfigMap>({ listerWatcher: net.lw, reflector: { backoff: { initialMs: 10 } } });
  const { lines, h: handler } = recorder();
  inf.addEventHandler(handler);
  await inf.start();
  t.teardown(() => inf.stop());
  await inf.waitForCacheSync();
  await eventually(() => lines.length === 3, 2000, 'initial adds');
  await eventually(() => net.calls.length === 2, 2000, 'watch open');
  lines.length = 0;

  net.cut(); // the informer's watch drops and cannot reconnect yet
  await cms.update({ ...change, data: { v: '2' } });
  await cms.delete('vanish');
  const fresh = await cms.create(cm('fresh', {}, { v: '1' }));
  h.server.log.forceCompact(Number(fresh.metadata.resourceVersion)); // the missed events are gone
  net.resume();

  await eventually(() => lines.length === 3, 5000, 'relist difference');
  t.same(lines.sort(), ['add fresh', 'delete vanish 1', 'update change 1->2'].sort(), 'unchanged "keep" is not reported');
  t.same(inf.store.listKeys().sort(), ['default/change', 'default/fresh', 'default/keep']);
  t.same(net.calls.slice(0, 4).map((c) => c.replace(/\d+/, 'N')), ['list', 'watch@N', 'watch@N', 'list'], 'resume at old RV, 410, relist');
});

t.test('reflector resumes from its last RV when the server ends the watch (no relist)', async (t) => {
  const h = await startTestServer(t);
  const cms = h.res<ConfigMap>('configmaps', 'default');
  const net = cuttable(listWatch(cms));
  // minWatchTimeoutSeconds 1 → the server closes each watch after 1–2 s
  const r = new Reflector<ConfigMap>({ listerWatcher: net.lw, minWatchTimeoutSeconds: 1 });
  await r.start();
  t.teardown(() => r.stop());
  await eventually(() => r.hasSynced());
  await cms.create(cm('a'));
  await eventually(() => net.calls.filter((c) => c.startsWith('watch')).length >= 2, 6000, 'second watch');
  t.equal(net.calls.filter((c) => c === 'list').length, 1, 'one list only');
  const lastWatch = net.calls[net.calls.length - 1]!;
  t.equal(lastWatch, `watch@${r.lastSyncResourceVersion()}`, 'resumed at the last seen RV');
  await cms.create(cm('b'));
  await eventually(() => r.store.get('default/b') !== undefined, 5000, 'b after reconnect');
});
