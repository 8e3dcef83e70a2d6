import t from 'tap';
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import { deepFreeze } from '@miniplane/client';
import type { EndpointSlice } from '../endpointSliceMirroring/endpointTypes.js';
import { DesiredEndpointCache } from './desiredEndpoints.js';
import { planEndpointSlices } from './endpointSlicePlan.js';
import { touchedSlices } from './touchedSlices.js';

const service = (spec: Partial<NonNullable<Service['spec']>> = {}): Service => deepFreeze({
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'svc-uid' },
  spec: { selector: { app: 'web' }, clusterIP: '10.96.0.10', ipFamilies: ['IPv4'], ports: [{ port: 80, targetPort: 8080 }], ...spec },
});
const pod = (i: number, o: { ready?: boolean; ip?: string; node?: string } = {}): Pod => deepFreeze({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: `p${String(i).padStart(4, '0')}`, namespace: 'default', uid: `u${i}`, labels: { app: 'web' } },
  spec: { nodeName: o.node ?? `n${i % 3}`, containers: [{ name: 'c' }] },
  status: { phase: 'Running', podIPs: [{ ip: o.ip ?? `10.1.${Math.floor(i / 250)}.${i % 250}` }], conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});
const nodes: Record<string, NodeObject> = Object.fromEntries(['n0', 'n1', 'n2'].map((n, i) => [n, deepFreeze({ metadata: { name: n, labels: { 'topology.kubernetes.io/zone': `z${i}` } } })]));
const node = (n: string) => nodes[n];

/** The writes of a plan, as comparable data. */
const writes = (p: ReturnType<typeof planEndpointSlices>) => ({
  create: p.toCreate.map((s) => s.endpoints.map((e) => e.targetRef?.name)),
  update: p.toUpdate.map((s) => [s.metadata.name, s.endpoints.map((e) => `${e.targetRef?.name}:${e.conditions.ready}:${e.addresses[0]}`)]),
  delete: p.toDelete.map((s) => s.metadata.name),
});

/** What the apiserver makes of the writes: names, uids and versions; frozen, as an informer caches. */
function apply(slices: EndpointSlice[], p: ReturnType<typeof planEndpointSlices>, next: { n: number }): EndpointSlice[] {
  const gone = new Set(p.toDelete.map((s) => s.metadata.name));
  const updated = new Map(p.toUpdate.map((s) => [s.metadata.name, s]));
  const out = slices.filter((s) => !gone.has(s.metadata.name)).map((s) => {
    const u = updated.get(s.metadata.name);
    return u ? deepFreeze(structuredClone({ ...u, metadata: { ...u.metadata, resourceVersion: String(++next.n) } })) : s;
  });
  for (const c of p.toCreate) {
    const k = ++next.n;
    out.push(deepFreeze(structuredClone({ ...c, metadata: { ...c.metadata, name: `web-${k}`, uid: `s${k}`, resourceVersion: String(k) } })));
  }
  return out;
}

t.test('reconciling only the touched slices plans what the full reconcile plans', async (t) => {
  const svc = service();
  let pods = Array.from({ length: 350 }, (_, i) => pod(i));
  const cache = new DesiredEndpointCache();
  let slices: EndpointSlice[] = [];
  const next = { n: 0 };
  let seed = 7;
  const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  let narrowedSteps = 0;
  const steps = ['create', ...Array.from({ length: 60 }, (_, i) => ['flip', 'flip', 'flips', 'ip', 'delete', 'add', 'node'][i % 7]!)];
  for (const [n, step] of steps.entries()) {
    const i = random(pods.length);
    const p = pods[i]!;
    const ready = p.status?.conditions?.[0]?.status === 'True';
    if (step === 'flip') pods[i] = pod(Number(p.metadata.uid!.slice(1)), { ready: !ready, ip: p.status?.podIPs?.[0]?.ip });
    if (step === 'flips') for (const j of [i, (i + 101) % pods.length, (i + 202) % pods.length]) pods[j] = pod(Number(pods[j]!.metadata.uid!.slice(1)), { ready: false, ip: pods[j]!.status?.podIPs?.[0]?.ip });
    if (step === 'ip') pods[i] = pod(Number(p.metadata.uid!.slice(1)), { ip: `10.9.${n}.${i % 250}` });
    if (step === 'delete') pods = pods.filter((_, j) => j !== i);
    if (step === 'add') pods = [...pods, pod(1000 + n)];
    if (step === 'node') pods[i] = pod(Number(p.metadata.uid!.slice(1)), { node: 'n2', ip: p.status?.podIPs?.[0]?.ip, ready });
    const desired = cache.desired('default/web', svc, pods, node);
    const changes = [...cache.changesSince('default/web') ?? []];
    const input = { service: svc, pods: [], desired, slices, node };
    const full = planEndpointSlices(input);
    const fast = planEndpointSlices({ ...input, changes: step === 'create' ? undefined : changes });
    t.same(writes(fast), writes(full), `step ${n} (${step}): same writes`);
    t.same(fast.unchanged.map((s) => s.metadata.name).sort(), full.unchanged.map((s) => s.metadata.name).sort(), `step ${n} (${step}): same unchanged slices`);
    const narrowed = step === 'create' ? undefined : touchedSlices(slices, desired.portMaps, changes);
    if (narrowed) narrowedSteps++;
    if (step === 'flip') t.equal(narrowed?.touched.length, 1, `step ${n}: a flip touches one slice`);
    slices = apply(slices, full, next);
    cache.settled('default/web');
  }
  t.ok(narrowedSteps >= 30, `the narrow path was taken (${narrowedSteps} of ${steps.length} steps)`);
  t.equal(slices.reduce((k, s) => k + s.endpoints.length, 0), pods.length, 'every pod has its endpoint');
});

t.test('an added endpoint, too many changes or a port map no longer desired: reconcile in full', async (t) => {
  const svc = service();
  const cache = new DesiredEndpointCache();
  const desired = cache.desired('k', svc, [pod(1), pod(2)], node);
  const plan = planEndpointSlices({ service: svc, pods: [], desired, slices: [], node });
  const slices = apply([], plan, { n: 0 });
  cache.settled('k');
  const more = cache.desired('k', svc, [pod(1), pod(2), pod(3)], node);
  t.equal(touchedSlices(slices, more.portMaps, [...cache.changesSince('k')!]), undefined, 'an endpoint added');
  const many = Array.from({ length: 1001 }, (_, i) => ({ key: 'x', hash: String(i), added: false }));
  t.equal(touchedSlices(slices, more.portMaps, many), undefined, 'more than 1000 changes');
  const key = [...cache.changesSince('k')!][0]!.key;
  const hash = JSON.stringify([['10.1.0.1'], '', 'default', 'p0001']);
  t.equal(touchedSlices(slices, [], [{ key, hash, added: false }]), undefined, 'the port map is gone');
  t.same(touchedSlices(slices, more.portMaps, [])?.rest.length, 1, 'no change: every slice is left');
});

// Scaling down empties one slice while another keeps pods (a slice of 2 and one of 3 terminating
// endpoints, then those 3 go). Reconciling only the emptied slice would see no endpoint left and
// keep it as the empty placeholder (kube's rule for a Service with no endpoints at all: the
// planned create of one takes the slice over) beside the slice that still holds pods.
t.test('every endpoint of the one touched slice gone: it is deleted, as in full', async (t) => {
  const svc = service();
  const cache = new DesiredEndpointCache();
  const pods = Array.from({ length: 250 }, (_, i) => pod(i));
  const first = planEndpointSlices({ service: svc, pods: [], desired: cache.desired('k', svc, pods, node), slices: [], node });
  const slices = apply([], first, { n: 0 });
  cache.settled('k');
  const last = slices.at(-1)!;
  t.same(slices.map((s) => s.endpoints.length), [100, 100, 50]);
  const emptied = new Set(last.endpoints.map((e) => e.targetRef?.name));
  const desired = cache.desired('k', svc, pods.filter((p) => !emptied.has(p.metadata.name)), node);
  const changes = [...cache.changesSince('k')!];
  t.same(touchedSlices(slices, desired.portMaps, changes)?.touched.map((s) => s.metadata.name), [last.metadata.name], 'one slice touched');
  const input = { service: svc, pods: [], desired, slices, node };
  const full = planEndpointSlices(input);
  const fast = planEndpointSlices({ ...input, changes });
  t.same(writes(fast), writes(full), 'the same writes');
  t.same(writes(fast).delete, [last.metadata.name], 'the emptied slice deleted');
  t.same(fast.toUpdate.length, 0, 'no slice kept as an empty placeholder');
});
