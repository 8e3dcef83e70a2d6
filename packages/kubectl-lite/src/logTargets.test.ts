import t from 'tap';
import { CliError } from './errors.js';
import { byLogging, logContainers, podSelectorOf, type LogPod } from './logTargets.js';

const pod = (name: string, o: { node?: string; phase?: string; ready?: boolean; readySince?: string; restarts?: number; created?: string; containers?: string[]; init?: string[]; annotation?: string } = {}): LogPod => ({
  metadata: { name, creationTimestamp: o.created ?? '2026-12-05T01:00:00Z', ...(o.annotation ? { annotations: { 'kubectl.kubernetes.io/default-container': o.annotation } } : {}) },
  spec: { nodeName: o.node ?? 'node-1', containers: (o.containers ?? ['app']).map((c) => ({ name: c })), initContainers: (o.init ?? []).map((c) => ({ name: c })) },
  status: {
    phase: o.phase ?? 'Running',
    conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: o.readySince ?? '2026-12-05T01:00:05Z' }],
    containerStatuses: [{ restartCount: o.restarts ?? 0 }],
  },
});

t.test('byLogging: the pod kubectl reads first', async (t) => {
  const cases: Array<{ name: string; pods: LogPod[]; want: string }> = [
    { name: 'assigned before unassigned', pods: [pod('a', { node: '' }), pod('b')], want: 'b' },
    { name: 'Running before Pending', pods: [pod('a', { phase: 'Pending' }), pod('b')], want: 'b' },
    { name: 'ready before not ready', pods: [pod('a', { ready: false }), pod('b')], want: 'b' },
    { name: 'ready for longer first', pods: [pod('a', { readySince: '2026-12-05T01:00:09Z' }), pod('b', { readySince: '2026-12-05T01:00:01Z' })], want: 'b' },
    { name: 'more restarts first', pods: [pod('a'), pod('b', { restarts: 2 })], want: 'b' },
    { name: 'older first', pods: [pod('a', { created: '2026-12-05T02:00:00Z' }), pod('b')], want: 'b' },
    // a tie keeps the list's order (Go's insertion sort for small lists is stable)
    { name: 'a tie keeps the order', pods: [pod('a'), pod('b')], want: 'a' },
  ];
  for (const c of cases) {
    await t.test(c.name, async (t) => {
      t.equal([...c.pods].sort(byLogging)[0]!.metadata.name, c.want);
    });
  }
});

t.test('logContainers', async (t) => {
  const cases: Array<{ name: string; pod: LogPod; o: { container?: string; allContainers?: boolean }; want?: string[]; notices?: string[]; error?: string }> = [
    { name: 'the only container', pod: pod('p'), o: {}, want: ['app'], notices: [] },
    { name: 'the first of several, with the notice', pod: pod('p', { containers: ['app', 'side'], init: ['setup'] }), o: {}, want: ['app'], notices: ['Defaulted container "app" out of: app, side, setup (init)\n'] },
    { name: 'the annotated default', pod: pod('p', { containers: ['app', 'side'], annotation: 'side' }), o: {}, want: ['side'], notices: [] },
    { name: 'an annotation naming no container', pod: pod('p', { containers: ['app', 'side'], annotation: 'db' }), o: {}, want: ['app'], notices: ['Default container name "db" not found in pod p\n', 'Defaulted container "app" out of: app, side\n'] },
    { name: 'all of them, init first', pod: pod('p', { containers: ['app', 'side'], init: ['setup'] }), o: { allContainers: true }, want: ['setup', 'app', 'side'], notices: [] },
    { name: 'an init container by name', pod: pod('p', { init: ['setup'] }), o: { container: 'setup' }, want: ['setup'], notices: [] },
    { name: 'one the pod lacks', pod: pod('p'), o: { container: 'db' }, error: 'container db is not valid for pod p' },
  ];
  for (const c of cases) {
    await t.test(c.name, async (t) => {
      const run = () => logContainers(c.pod, { allContainers: false, ...c.o });
      if (c.error) return void t.throws(run, new CliError(c.error));
      t.same(run(), { containers: c.want, notices: c.notices });
    });
  }
});

t.test('podSelectorOf', async (t) => {
  t.equal(podSelectorOf({ kind: 'Deployment', spec: { selector: { matchLabels: { app: 'hello', tier: 'web' } } } }), 'app=hello,tier=web');
  t.equal(podSelectorOf({ kind: 'Job', spec: { selector: { matchExpressions: [{ key: 'a', operator: 'In', values: ['y', 'x'] }] } } }), 'a in (x,y)');
  t.equal(podSelectorOf({ kind: 'Service', spec: { selector: { app: 'hello' } } }), 'app=hello');
  t.equal(podSelectorOf({ kind: 'ConfigMap', spec: {} }), undefined, 'no pods behind a ConfigMap');
});
