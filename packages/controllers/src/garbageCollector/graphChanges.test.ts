import t from 'tap';
import { deepFreeze } from '@miniplane/client';
import { planResync, sameOwnerRefs, unblockedOwners } from './graphChanges.js';
import type { GraphNode, OwnerRef } from './ownerGraph.js';

const ref = (uid: string, block?: boolean): OwnerRef => ({ apiVersion: 'v1', kind: 'ConfigMap', name: uid, uid, ...(block === undefined ? {} : { blockOwnerDeletion: block }) });
const node = (uid: string, o: Partial<GraphNode> = {}): GraphNode =>
  deepFreeze({ kind: 'v1/ConfigMap', namespace: 'default', name: uid, uid, deleting: false, finalizers: [], owners: [], ...o });

t.test('sameOwnerRefs', async (t) => {
  const cases: { name: string; a?: OwnerRef[]; b?: OwnerRef[]; want: boolean }[] = [
    // absent and empty lists both mean "no owners"
    { name: 'both absent', want: true },
    { name: 'absent and empty', a: undefined, b: [], want: true },
    { name: 'equal lists (distinct objects)', a: [ref('a', true), ref('b')], b: [ref('a', true), ref('b')], want: true },
    { name: 'one added', a: [ref('a')], b: [ref('a'), ref('b')], want: false },
    { name: 'all removed', a: [ref('a')], b: undefined, want: false },
    { name: 'blockOwnerDeletion turned false', a: [ref('a', true)], b: [ref('a', false)], want: false },
    // absent blockOwnerDeletion differs from an explicit false in the object, as the old text compare saw it
    { name: 'blockOwnerDeletion absent vs false', a: [ref('a')], b: [ref('a', false)], want: false },
    { name: 'same uid, another name', a: [ref('a')], b: [{ ...ref('a'), name: 'other' }], want: false },
    { name: 'controller set', a: [ref('a')], b: [{ ...ref('a'), controller: true }], want: false },
    // order is compared as the list is: a reorder is re-checked (harmless extra work)
    { name: 'reordered', a: [ref('a'), ref('b')], b: [ref('b'), ref('a')], want: false },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.equal(sameOwnerRefs(c.a && deepFreeze(c.a), c.b && deepFreeze(c.b)), c.want));
});

t.test('unblockedOwners', async (t) => {
  const cases: { name: string; old: OwnerRef[]; now: OwnerRef[]; want: string[] }[] = [
    { name: 'no change', old: [ref('a', true)], now: [ref('a', true)], want: [] },
    { name: 'blocking reference removed', old: [ref('a', true), ref('b', true)], now: [ref('b', true)], want: ['a'] },
    { name: 'blocking turned false', old: [ref('a', true)], now: [ref('a', false)], want: ['a'] },
    // absent blockOwnerDeletion is not blocking (kube: nil or false)
    { name: 'blocking turned absent', old: [ref('a', true)], now: [ref('a')], want: ['a'] },
    { name: 'a non-blocking reference removed frees nobody', old: [ref('a', false), ref('b')], now: [], want: [] },
    { name: 'a reference turned blocking frees nobody', old: [ref('a', false)], now: [ref('a', true)], want: [] },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.same(unblockedOwners(deepFreeze(c.old), deepFreeze(c.now)), c.want));
});

t.test('planResync', async (t) => {
  const waitingOwner = node('w', { deleting: true, finalizers: ['foregroundDeletion'] });
  const orphaning = node('o', { deleting: true, finalizers: ['orphan'] });
  const cases: { name: string; nodes: GraphNode[]; notCached?: string[]; want: { forget: string[]; dependents: string[]; owners: string[] } }[] = [
    { name: 'quiet graph: nothing to do', nodes: [node('a'), node('b', { owners: [ref('a')] })], want: { forget: [], dependents: [], owners: [] } },
    // the owner's delete event was missed: it is forgotten, its dependent checked again
    { name: 'owner gone from the cache', nodes: [node('a'), node('b', { owners: [ref('a')] })], notCached: ['a'], want: { forget: ['a'], dependents: ['b'], owners: [] } },
    // an owner the graph never held (another kind, or deleted before we started): looked up again
    { name: 'virtual owner', nodes: [node('b', { owners: [ref('x')] })], want: { forget: [], dependents: ['b'], owners: [] } },
    { name: 'owners being deleted with GC finalizers, and the dependents of the waiting one', nodes: [waitingOwner, orphaning, node('c', { owners: [ref('w', true)] }), node('d', { owners: [ref('o')] })],
      want: { forget: [], dependents: ['c'], owners: ['w', 'o'] } },
    // a dependent already being deleted is never collected again
    { name: 'a deleting dependent of a gone owner is left alone', nodes: [node('b', { owners: [ref('x')], deleting: true, finalizers: ['example.com/hold'] })], want: { forget: [], dependents: [], owners: [] } },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const byUid = new Map(c.nodes.map((n) => [n.uid, n]));
      const got = planResync(c.nodes, (n) => !c.notCached?.includes(n.uid), (uid) => byUid.get(uid));
      t.same({ forget: got.forget, dependents: got.dependents.map((n) => n.uid), owners: got.owners.map((n) => n.uid) }, c.want);
    });
  }
});
