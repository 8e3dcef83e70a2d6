import t from 'tap';
import { deepFreeze, type KubeObject } from '@miniplane/api';
import { planClaims } from './controllerRefManager.js';

const owner = (o: { deleting?: boolean } = {}): KubeObject => deepFreeze({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default', uid: 'u-web', ...(o.deleting ? { deletionTimestamp: '2026-12-04T12:00:00Z' } : {}) },
});
const obj = (name: string, o: { controller?: string; match?: boolean; deleting?: boolean; namespace?: string; nonController?: string } = {}): KubeObject => deepFreeze({
  apiVersion: 'v1', kind: 'Pod',
  metadata: {
    name, namespace: o.namespace ?? 'default', labels: { match: String(o.match ?? true) },
    ...(o.deleting ? { deletionTimestamp: '2026-12-04T12:00:00Z' } : {}),
    ownerReferences: [
      ...(o.controller ? [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'x', uid: o.controller, controller: true }] : []),
      ...(o.nonController ? [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c', uid: o.nonController }] : []),
    ],
  },
});
const matches = (o: KubeObject) => o.metadata.labels?.match === 'true';

t.test('planClaims', async (t) => {
  const cases: { name: string; owner: KubeObject; objs: KubeObject[]; adoptOnly?: boolean; want: { owned: string[]; adopt: string[]; release: string[] } }[] = [
    { name: 'owned and matching: kept', owner: owner(), objs: [obj('a', { controller: 'u-web' })], want: { owned: ['a'], adopt: [], release: [] } },
    { name: 'owned, no longer matching: released', owner: owner(), objs: [obj('a', { controller: 'u-web', match: false })], want: { owned: [], adopt: [], release: ['a'] } },
    // kube: an owner being deleted takes no action on what it owns
    { name: 'owner being deleted: a non-matching owned object is not released', owner: owner({ deleting: true }), objs: [obj('a', { controller: 'u-web', match: false })], want: { owned: [], adopt: [], release: [] } },
    { name: 'orphan matching: adopted', owner: owner(), objs: [obj('a')], want: { owned: ['a'], adopt: ['a'], release: [] } },
    // a non-controller reference does not make it owned by anyone
    { name: 'orphan with a non-controller owner: adopted', owner: owner(), objs: [obj('a', { nonController: 'u-cm' })], want: { owned: ['a'], adopt: ['a'], release: [] } },
    { name: 'orphan not matching: left alone', owner: owner(), objs: [obj('a', { match: false })], want: { owned: [], adopt: [], release: [] } },
    { name: 'orphan being deleted: left alone', owner: owner(), objs: [obj('a', { deleting: true })], want: { owned: [], adopt: [], release: [] } },
    { name: 'owner being deleted: adopts nothing', owner: owner({ deleting: true }), objs: [obj('a')], want: { owned: [], adopt: [], release: [] } },
    { name: 'orphan of another namespace: left alone', owner: owner(), objs: [obj('a', { namespace: 'other' })], want: { owned: [], adopt: [], release: [] } },
    { name: 'controlled by another: left alone', owner: owner(), objs: [obj('a', { controller: 'u-other' })], want: { owned: [], adopt: [], release: [] } },
    { name: 'adoptOnly never releases', owner: owner(), objs: [obj('a', { controller: 'u-web', match: false }), obj('b')], adoptOnly: true, want: { owned: ['b'], adopt: ['b'], release: [] } },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const got = planClaims(c.owner, c.objs, matches, c.adoptOnly);
      t.same({ owned: got.owned.map((o) => o.metadata.name), adopt: got.adopt.map((o) => o.metadata.name), release: got.release.map((o) => o.metadata.name) }, c.want);
    });
  }
});
