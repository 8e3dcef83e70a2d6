import t from 'tap';
import { deepFreeze, type KubeObject } from '@miniplane/api';
import {
  contentTotals, deletableResources, finalizeSpec, namespaceConditions,
  type DeletableResource, type DeletionOutcome, type NamespaceCondition,
} from './namespacePlan.js';

const res = (plural: string, group = ''): DeletableResource => ({ group, version: 'v1', kind: 'X', plural, deleteCollection: true });
const obj = (name: string, finalizers?: string[]): KubeObject => deepFreeze({ metadata: { name, ...(finalizers ? { finalizers } : {}) } });

t.test('deletableResources', async (t) => {
  const r = (name: string, verbs: string[], namespaced = true) => ({ name, kind: 'K', namespaced, verbs });
  const got = deletableResources(deepFreeze([
    { group: '', version: 'v1', resources: [
      r('pods', ['create', 'delete', 'deletecollection', 'get', 'list']),
      r('pods/status', ['get', 'patch', 'update']), // a subresource: never deleted on its own
      r('nodes', ['delete', 'list'], false), // cluster-scoped: not namespace content
      r('bindings', ['create']), // no list/delete
      r('events', ['delete', 'list']), // no deletecollection: list + delete each
    ] },
    { group: 'apps', version: 'v1', resources: [r('deployments', ['delete', 'deletecollection', 'list'])] },
  ]));
  t.same(got.map((x) => [x.group, x.plural, x.deleteCollection]), [['', 'pods', true], ['', 'events', false], ['apps', 'deployments', true]]);
  // pods first whatever discovery's order (OrderedNamespaceDeletion), the rest in discovery's order
  const ordered = deletableResources(deepFreeze([
    { group: '', version: 'v1', resources: [r('configmaps', ['delete', 'list']), r('pods', ['delete', 'list']), r('secrets', ['delete', 'list'])] },
  ]));
  t.same(ordered.map((x) => x.plural), ['pods', 'configmaps', 'secrets']);
});

t.test('contentTotals', async (t) => {
  const totals = contentTotals([
    { resource: res('pods'), items: [obj('a', ['x/y']), obj('b')] },
    { resource: res('configmaps'), items: [] },
    { resource: res('deployments', 'apps'), items: [obj('d', ['x/y', 'z'])] },
  ]);
  t.same([...totals.remaining], [['pods.', 2], ['deployments.apps', 1]]);
  t.same([...totals.finalizers], [['x/y', 2], ['z', 1]]);
});

t.test('namespaceConditions', async (t) => {
  const now = '2026-12-04T10:00:00Z';
  const later = '2026-12-04T10:00:05Z';
  const remaining = { remaining: new Map([['pods.', 1], ['configmaps.', 2]]), finalizers: new Map([['example.com/keep', 1]]) };
  const cases: Array<{ name: string; current: NamespaceCondition[]; outcome: DeletionOutcome; want: Array<[string, string, string, string]>; changed: boolean }> = [
    {
      name: 'first pass, all gone: five False conditions in kube order',
      current: [], outcome: { deleteErrors: [] }, changed: true,
      want: [
        ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered'],
        ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
        ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
        ['NamespaceContentRemaining', 'False', 'ContentRemoved', 'All content successfully removed'],
        ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
      ],
    },
    {
      name: 'content and finalizers left: sorted counts in kube words',
      current: [], outcome: { deleteErrors: [], totals: remaining }, changed: true,
      want: [
        ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered'],
        ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
        ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
        ['NamespaceContentRemaining', 'True', 'SomeResourcesRemain', 'Some resources are remaining: configmaps. has 2 resource instances, pods. has 1 resource instances'],
        ['NamespaceFinalizersRemaining', 'True', 'SomeFinalizersRemain', 'Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances'],
      ],
    },
    {
      name: 'discovery and delete failures',
      current: [], outcome: { discoveryError: 'boom', deleteErrors: ['b: no', 'a: no'] }, changed: true,
      want: [
        ['NamespaceDeletionDiscoveryFailure', 'True', 'DiscoveryFailed', 'boom'],
        ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
        ['NamespaceDeletionContentFailure', 'True', 'ContentDeletionFailed', 'Failed to delete all resource types, 2 remaining: a: no, b: no'],
        ['NamespaceContentRemaining', 'False', 'ContentRemoved', 'All content successfully removed'],
        ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
      ],
    },
  ];
  for (const c of cases) {
    const got = namespaceConditions(deepFreeze(c.current), c.outcome, now);
    t.equal(got.changed, c.changed, `${c.name}: changed`);
    t.same(got.conditions.map((x) => [x.type, x.status, x.reason, x.message]), c.want, c.name);
  }
  // Same outcome twice: nothing to write (kube skips the status update).
  const first = namespaceConditions([], { deleteErrors: [], totals: remaining }, now);
  const again = namespaceConditions(deepFreeze(first.conditions), { deleteErrors: [], totals: remaining }, later);
  t.equal(again.changed, false, 'unchanged outcome: no write');
  // Content gone: status flips, lastTransitionTime moves only for the flipped conditions.
  const done = namespaceConditions(deepFreeze(first.conditions), { deleteErrors: [] }, later);
  t.equal(done.changed, true);
  t.same(done.conditions.map((x) => x.lastTransitionTime), [now, now, now, later, later]);
});

t.test('finalizeSpec drops only kubernetes', async (t) => {
  t.same(finalizeSpec(deepFreeze({ metadata: {}, spec: { finalizers: ['kubernetes', 'example.com/x'] } })), ['example.com/x']);
  t.same(finalizeSpec(deepFreeze({ metadata: {} })), []);
});
