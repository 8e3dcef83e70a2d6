import t from 'tap';
import type { Pod } from './kube.js';
import { PodIndex } from './podIndex.js';
import { podsByNode } from './podsByNode.js';

function pod(name: string, node?: string, o: { ns?: string; ready?: boolean } = {}): Pod {
  return Object.freeze({
    metadata: { name, namespace: o.ns ?? 'default' },
    spec: node ? { nodeName: node } : {},
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  });
}

const names = (ix: PodIndex, node?: string): string[] => ix.rows(node).map((r) => `${r.namespace}/${r.name}`);

t.test('events keep each node group sorted, as podsByNode would compute it afresh', async (t) => {
  const ix = new PodIndex();
  ix.reset([pod('c', 'n1'), pod('a', 'n1'), pod('z')]);
  t.same(names(ix, 'n1'), ['default/a', 'default/c']);
  t.same(names(ix, undefined), ['default/z'], 'unscheduled');
  const steps: Array<[string, 'ADDED' | 'MODIFIED' | 'DELETED', Pod]> = [
    ['added in the middle', 'ADDED', pod('b', 'n1')],
    ['added in another namespace, sorted by namespace first', 'ADDED', pod('a', 'n1', { ns: 'aaa' })],
    ['scheduled: leaves the unscheduled group', 'MODIFIED', pod('z', 'n2')],
    ['modified in place', 'MODIFIED', pod('b', 'n1', { ready: false })],
    ['deleted', 'DELETED', pod('a', 'n1')],
    ['deleted twice: nothing', 'DELETED', pod('a', 'n1')],
  ];
  const all = new Map([pod('c', 'n1'), pod('a', 'n1'), pod('z')].map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
  for (const [what, type, p] of steps) {
    const before = ix.groupVersion(p.spec?.nodeName);
    ix.apply(type, p);
    const key = `${p.metadata.namespace}/${p.metadata.name}`;
    if (type === 'DELETED') all.delete(key);
    else all.set(key, p);
    const want = podsByNode([], all.values());
    const got = [...ix.nodeNames().sort().map((n) => ({ node: n, pods: ix.rows(n) })), ...(ix.rows(undefined).length ? [{ node: undefined, pods: ix.rows(undefined) }] : [])];
    t.same(got, want.map((g) => ({ node: g.nodeName, pods: g.pods })), what);
    t.equal(ix.size, all.size, `${what}: size`);
    if (what !== 'deleted twice: nothing') t.ok(ix.groupVersion(p.spec?.nodeName) > before, `${what}: the group's version grew`);
  }
  t.equal(ix.rows('n1').find((r) => r.name === 'b')!.ready, false, 'the modified row is the new one');
  t.same(ix.rows(undefined), [], 'no unscheduled pods left');
});

t.test('a row keeps its identity while its pod is unchanged, a relist starts over', async (t) => {
  const ix = new PodIndex();
  ix.reset([pod('a', 'n1'), pod('b', 'n1')]);
  const a = ix.rows('n1')[0];
  ix.apply('ADDED', pod('aa', 'n1'));
  t.equal(ix.rows('n1')[0], a, 'same object for the unchanged pod');
  const v = ix.groupVersion('n1');
  ix.reset([pod('q', 'n2')]);
  t.same(names(ix, 'n1'), []);
  t.same(names(ix, 'n2'), ['default/q']);
  t.ok(ix.groupVersion('n1') > v, 'an emptied group changed too');
  t.same(ix.nodeNames(), ['n2'], 'only nodes holding pods');
});
