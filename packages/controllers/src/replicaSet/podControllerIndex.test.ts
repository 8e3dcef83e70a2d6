import t from 'tap';
import type { Pod } from '@miniplane/api/pod/types';
import { IndexedStore } from '@miniplane/client';
import { addPodControllerIndex, claimablePods, podControllerUIDIndex } from './podControllerIndex.js';
import { podFacts } from './podFacts.js';

const pod = (name: string, ns: string, owner?: string, o: { ready?: string; phase?: string; deleting?: boolean } = {}): Pod => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: {
    name, namespace: ns, uid: `uid-${name}`, deletionTimestamp: o.deleting ? '2026-12-04T12:00:00Z' : undefined,
    ownerReferences: owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: owner, controller: true }] : undefined,
  },
  spec: { containers: [{ name: 'c' }] },
  status: { phase: o.phase ?? 'Running', conditions: o.ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: o.ready }] : [] },
});

t.test('claimablePods: the pods a uid controls in the namespace, then its orphans', async (t) => {
  const store = new IndexedStore<Pod>();
  addPodControllerIndex(store);
  addPodControllerIndex(store); // a second controller on the same cache: no indexer conflict
  t.ok(store.hasIndexer(podControllerUIDIndex));
  for (const p of [pod('a', 'ns1', 'rs-1'), pod('b', 'ns1', 'rs-2'), pod('c', 'ns1'), pod('d', 'ns2'), pod('e', 'ns2', 'rs-1'), pod('f', 'ns1', 'rs-1')]) store.add(p);
  const cases: Array<[string, string, string, string[]]> = [
    ['owned and orphans', 'ns1', 'rs-1', ['a', 'f', 'c']],
    ['another controller: only its own', 'ns1', 'rs-2', ['b', 'c']],
    ['a pod claiming the uid from another namespace is not read', 'ns2', 'rs-1', ['e', 'd']],
    ['no pods of that uid: orphans only', 'ns1', 'rs-9', ['c']],
    ['empty namespace', 'ns3', 'rs-1', []],
  ];
  for (const [what, ns, uid, want] of cases) t.same(claimablePods(store, ns, uid).map((p) => p.metadata.name), want, what);
  // Adoption moves a pod out of the orphans; a deleted pod leaves the index.
  store.update(pod('c', 'ns1', 'rs-2'));
  store.delete(pod('a', 'ns1', 'rs-1'));
  t.same(claimablePods(store, 'ns1', 'rs-1').map((p) => p.metadata.name), ['f'], 'after adoption and deletion');
  t.same(claimablePods(store, 'ns1', 'rs-2').map((p) => p.metadata.name), ['b', 'c']);
});

t.test('podFacts', async (t) => {
  const cases: Array<[string, Pod, { controllerUid?: string; active: boolean; ready: boolean; readySinceMs?: number }]> = [
    ['ready since its transition', pod('a', 'ns', 'rs-1', { ready: '2026-12-04T12:00:00Z' }), { controllerUid: 'rs-1', active: true, ready: true, readySinceMs: Date.parse('2026-12-04T12:00:00Z') }],
    ['not ready, orphan', pod('b', 'ns'), { controllerUid: undefined, active: true, ready: false, readySinceMs: undefined }],
    ['terminating is not active', pod('c', 'ns', 'x', { deleting: true }), { controllerUid: 'x', active: false, ready: false, readySinceMs: undefined }],
    ['finished is not active', pod('d', 'ns', 'x', { phase: 'Succeeded' }), { controllerUid: 'x', active: false, ready: false, readySinceMs: undefined }],
  ];
  for (const [what, p, want] of cases) t.same(podFacts(p), want, what);
  // An unfrozen pod is read afresh each time; a frozen one is read once.
  const open = pod('e', 'ns');
  t.equal(podFacts(open).ready, false);
  open.status!.conditions = [{ type: 'Ready', status: 'True' }];
  t.equal(podFacts(open).ready, true, 'an edited unfrozen pod is seen as edited');
  const frozen = Object.freeze(pod('f', 'ns'));
  t.equal(podFacts(frozen), podFacts(frozen), 'a frozen pod is read once');
});
