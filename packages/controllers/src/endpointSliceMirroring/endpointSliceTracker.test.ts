import t from 'tap';
import { deepFreeze } from '@miniplane/client';
import type { EndpointSlice } from './endpointTypes.js';
import { EndpointSliceTracker, compareVersions } from './endpointSliceTracker.js';

function slice(uid: string, resourceVersion: string, service = 'ext'): EndpointSlice {
  return deepFreeze({
    metadata: { name: `s-${uid}`, namespace: 'default', uid, resourceVersion, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4', endpoints: [],
  });
}

type Step = (tr: EndpointSliceTracker) => void;

interface Case {
  name: string;
  given: Step[];
  want: { shouldSync?: [EndpointSlice, boolean][]; stale?: [EndpointSlice[], boolean]; has?: [EndpointSlice, boolean][] };
}

const cases: Case[] = [
  {
    name: 'an untracked slice is someone else\'s: sync; nothing tracked is never stale',
    given: [],
    want: { shouldSync: [[slice('a', '5'), true]], stale: [[slice('a', '5')], false], has: [[slice('a', '5'), false]] },
  },
  {
    name: 'our own write coming back, or an older state of it, is not synced; a newer one is',
    given: [(tr) => tr.update(slice('a', '10'))],
    want: { shouldSync: [[slice('a', '10'), false], [slice('a', '9'), false], [slice('a', '11'), true]], has: [[slice('a', '10'), true]] },
  },
  {
    // Edge: numeric order, not text order ("9" > "10" as text).
    name: 'versions compare as integers',
    given: [(tr) => tr.update(slice('a', '9'))],
    want: { shouldSync: [[slice('a', '10'), true]], stale: [[slice('a', '10')], false] },
  },
  {
    name: 'a cache behind our write is stale',
    given: [(tr) => tr.update(slice('a', '10'))],
    want: { stale: [[slice('a', '9')], true] },
  },
  {
    name: 'a cache lacking a slice we created is stale',
    given: [(tr) => tr.update(slice('a', '10'))],
    want: { stale: [[], true] },
  },
  {
    name: 'a cache still showing a slice we deleted is stale; once gone it is not',
    given: [(tr) => tr.expectDeletion(slice('a', '10'))],
    want: { stale: [[slice('a', '10')], true] },
  },
  {
    name: 'after the expected deletion: nothing stale',
    given: [(tr) => tr.expectDeletion(slice('a', '10'))],
    want: { stale: [[], false] },
  },
  {
    name: 'deleteOwner forgets the key',
    given: [(tr) => tr.update(slice('a', '10')), (tr) => tr.deleteOwner('default/ext')],
    want: { stale: [[], false], has: [[slice('a', '10'), false]] },
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const tr = new EndpointSliceTracker();
    for (const step of c.given) step(tr);
    for (const [s, want] of c.want.shouldSync ?? []) t.equal(tr.shouldSync(s), want, `shouldSync rv ${s.metadata.resourceVersion}`);
    for (const [s, want] of c.want.has ?? []) t.equal(tr.has(s), want, 'has');
    if (c.want.stale) t.equal(tr.staleSlices('default/ext', c.want.stale[0]), c.want.stale[1], 'staleSlices');
  });
}

t.test('handleDeletion: true for the deletion we made, false for someone else\'s', async (t) => {
  const tr = new EndpointSliceTracker();
  tr.expectDeletion(slice('a', '1'));
  tr.update(slice('b', '2'));
  t.equal(tr.handleDeletion(slice('a', '1')), true);
  t.equal(tr.handleDeletion(slice('b', '2')), false, 'b was deleted behind our back');
  t.equal(tr.has(slice('b', '2')), false, 'and is untracked');
  t.equal(tr.staleSlices('default/ext', []), false);
});

t.test('compareVersions', async (t) => {
  t.equal(compareVersions('10', '9'), 1);
  t.equal(compareVersions('9', '10'), -1);
  t.equal(compareVersions('7', '7'), 0);
  // Edge: not integers: different means newer, either way round.
  t.equal(compareVersions('abc', 'abd'), 1);
  t.equal(compareVersions(undefined, '1'), 1);
});
