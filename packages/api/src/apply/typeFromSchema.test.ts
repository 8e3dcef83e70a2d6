import t from 'tap';
import { builtinDefinitions } from '../kinds/index.js';
import type { TypeNode } from './applySchema.js';
import { fieldType, itemType } from './applySchema.js';
import { typeFromSchema } from './typeFromSchema.js';

/** Follows a dotted path of struct fields (`[]` steps into list items) from a kind's root. */
function at(name: string, path: string): TypeNode {
  let t = typeFromSchema(builtinDefinitions(), `io.k8s.api.${name}`);
  for (const seg of path.split('.')) t = seg === '[]' ? itemType(t) : fieldType(t, seg);
  return t;
}

t.test('server-side apply types come from the x-kubernetes-* extensions', async (t) => {
  const cases: Array<{ name: string; kind: string; path: string; want: Partial<TypeNode> }> = [
    { name: 'list-map with a +default key', kind: 'core.v1.Service', path: 'spec.ports', want: { list: { type: 'map', keys: ['port', 'protocol'], keyDefaults: { protocol: 'TCP' } } } },
    // edge: a zero `default` (openapi-gen's for required fields) is no key default: SMD refuses the item
    { name: 'list-map without key defaults', kind: 'core.v1.Pod', path: 'spec.containers', want: { list: { type: 'map', keys: ['name'] }, zero: null } },
    // edge: atomic in kube's OpenAPI, although strategic merge patches merge it by ip
    { name: 'hostIPs is atomic', kind: 'core.v1.Pod', path: 'status.hostIPs', want: {} },
    { name: 'pod-level resource claims are a list-map', kind: 'core.v1.Pod', path: 'spec.resources.claims', want: { list: { type: 'map', keys: ['name'] } } },
    { name: 'finalizers are a set', kind: 'core.v1.Pod', path: 'metadata.finalizers', want: { list: { type: 'set' } } },
    { name: 'atomic map', kind: 'core.v1.Service', path: 'spec.selector', want: { map: true, atomic: true } },
    { name: 'granular map', kind: 'core.v1.Service', path: 'metadata.labels', want: { map: true } },
    { name: 'atomic struct list item', kind: 'core.v1.Pod', path: 'metadata.ownerReferences.[]', want: { atomic: true } },
    { name: 'a present struct reads as {}', kind: 'apps.v1.Deployment', path: 'spec.strategy', want: { zero: {} } },
    { name: 'a required pointer reads as null', kind: 'apps.v1.Deployment', path: 'spec.selector', want: { atomic: true, zero: null } },
    { name: 'a required int reads as 0', kind: 'apps.v1.ReplicaSet', path: 'status.replicas', want: { zero: 0 } },
  ];
  for (const c of cases) {
    const got = at(c.kind, c.path);
    const picked = Object.fromEntries(Object.keys({ ...c.want, ...(got.list ? { list: 1 } : {}) }).map((k) => [k, (got as Record<string, unknown>)[k]]));
    t.same(picked, c.want, c.name);
  }
});

t.test('an unknown definition is untyped', async (t) => {
  t.strictSame(typeFromSchema(builtinDefinitions(), 'io.k8s.api.core.v1.Widget'), {});
});
