import t from 'tap';
import { deepFreeze } from '@miniplane/client';
import { planDependent, planOwner, type OwnerState } from './gcPlan.js';
import type { GraphNode, OwnerRef } from './ownerGraph.js';

const ref = (uid: string, block = false): OwnerRef => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: uid, uid, controller: true, blockOwnerDeletion: block });
const node = (uid: string, o: Partial<GraphNode> = {}): GraphNode =>
  deepFreeze({ kind: 'v1/Pod', namespace: 'default', name: uid, uid, deleting: false, finalizers: [], owners: [], ...o });

t.test('planDependent', async (t) => {
  const child = node('c', { owners: [ref('rs', true)] });
  const waitingChild = node('c', { owners: [ref('rs', true)], deleting: true, finalizers: ['foregroundDeletion'] });
  const cases: { name: string; n: GraphNode; owners: Record<string, OwnerState>; dependents?: GraphNode[]; want: ReturnType<typeof planDependent> }[] = [
    { name: 'no owners: nothing', n: node('p'), owners: {}, want: { action: 'none' } },
    { name: 'a solid owner keeps it', n: node('p', { owners: [ref('a')] }), owners: { a: 'solid' }, want: { action: 'none' } },
    { name: 'dangling owner: deleted in the background', n: node('p', { owners: [ref('a')] }), owners: { a: 'dangling' }, want: { action: 'delete', propagationPolicy: 'Background' } },
    // one owner left: only the gone reference is removed
    { name: 'one solid, one dangling: the dangling reference goes', n: node('p', { owners: [ref('a'), ref('b')] }), owners: { a: 'solid', b: 'dangling' }, want: { action: 'removeOwners', uids: ['b'] } },
    { name: 'owner waiting (foreground), dependent with dependents: Foreground', n: node('rs', { owners: [ref('d')] }), owners: { d: 'waiting' }, dependents: [child], want: { action: 'delete', propagationPolicy: 'Foreground' } },
    // kube's cycle guard: a dependent of ours waits too, so our blocking references are unblocked first
    { name: 'owner waiting, a dependent waiting too: unblock, then Foreground', n: node('rs', { owners: [ref('d', true)] }), owners: { d: 'waiting' }, dependents: [waitingChild], want: { action: 'delete', propagationPolicy: 'Foreground', unblockOwners: true } },
    // nothing to unblock: no patch
    { name: 'owner waiting, a dependent waiting, no blocking reference: Foreground only', n: node('rs', { owners: [ref('d', false)] }), owners: { d: 'waiting' }, dependents: [waitingChild], want: { action: 'delete', propagationPolicy: 'Foreground' } },
    { name: 'one solid, one waiting: the waiting reference goes (else it would wait forever)', n: node('p', { owners: [ref('a'), ref('w', true)] }), owners: { a: 'solid', w: 'waiting' }, want: { action: 'removeOwners', uids: ['w'] } },
    { name: 'owner waiting, leaf dependent: Background', n: node('p', { owners: [ref('d')] }), owners: { d: 'waiting' }, want: { action: 'delete', propagationPolicy: 'Background' } },
    { name: 'its own orphan finalizer is kept as policy', n: node('p', { owners: [ref('a')], finalizers: ['orphan'] }), owners: { a: 'dangling' }, want: { action: 'delete', propagationPolicy: 'Orphan' } },
    { name: 'already being deleted: nothing', n: node('p', { owners: [ref('a')], deleting: true }), owners: { a: 'dangling' }, want: { action: 'none' } },
    // being deleted with orphan: a one-way trip, its references are not edited any more
    { name: 'being deleted with orphan, a solid and a dangling owner: nothing', n: node('p', { owners: [ref('a'), ref('b')], deleting: true, finalizers: ['orphan'] }), owners: { a: 'solid', b: 'dangling' }, want: { action: 'none' } },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.same(planDependent(c.n, new Map(Object.entries(c.owners)), c.dependents ?? []), c.want));
});

t.test('planOwner', async (t) => {
  const dep = (uid: string, block: boolean) => node(uid, { owners: [ref('o', block)] });
  const cases: { name: string; n: GraphNode; deps: GraphNode[]; want: string; recheck?: string[] }[] = [
    { name: 'not being deleted: nothing', n: node('o', { finalizers: ['orphan'] }), deps: [dep('p', true)], want: 'none' },
    { name: 'orphan with dependents: release them', n: node('o', { deleting: true, finalizers: ['orphan'] }), deps: [dep('p', true)], want: 'orphan' },
    { name: 'orphan, none left: drop the finalizer', n: node('o', { deleting: true, finalizers: ['orphan'] }), deps: [], want: 'removeFinalizer' },
    { name: 'foreground with a blocking dependent: delete dependents', n: node('o', { deleting: true, finalizers: ['foregroundDeletion'] }), deps: [dep('p', true)], want: 'deleteDependents', recheck: ['p'] },
    // only blocking dependents are re-checked, and not one already waiting for its own
    { name: 'foreground, mixed dependents: only the blocking, not-waiting ones re-checked', n: node('o', { deleting: true, finalizers: ['foregroundDeletion'] }),
      deps: [dep('p', true), dep('q', false), node('r', { owners: [ref('o', true)], deleting: true, finalizers: ['foregroundDeletion'] })], want: 'deleteDependents', recheck: ['p'] },
    // a blocking dependent already being deleted (its own finalizer holds it) still holds the owner
    { name: 'foreground, blocking dependent being deleted: keep waiting', n: node('o', { deleting: true, finalizers: ['foregroundDeletion'] }),
      deps: [node('p', { owners: [ref('o', true)], deleting: true, finalizers: ['example.com/hold'] })], want: 'deleteDependents', recheck: ['p'] },
    // dependents without blockOwnerDeletion do not hold the owner back
    { name: 'foreground, only non-blocking dependents: drop the finalizer', n: node('o', { deleting: true, finalizers: ['foregroundDeletion'] }), deps: [dep('p', false)], want: 'removeFinalizer' },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const got = planOwner(c.n, c.deps);
      t.equal(got.action, c.want);
      if (got.action === 'deleteDependents') t.same(got.dependents.map((d) => d.uid), c.recheck);
    });
  }
});
