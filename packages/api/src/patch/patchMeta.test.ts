import t from 'tap';
import { fieldMeta, patchMetaFor, type Schema } from './patchMeta.js';

/** Follows a dotted path of struct fields and list items through a schema. */
function at(kind: string, path: string) {
  let schema: Schema | undefined = patchMetaFor(kind);
  let meta = {};
  for (const seg of path.split('.')) {
    meta = fieldMeta(schema, seg);
    schema = (meta as { fields?: Schema }).fields;
  }
  return meta as { strategy?: string; mergeKey?: string; retainKeys?: boolean };
}

t.test('struct tags of the served kinds, read from their OpenAPI schemas', async (t) => {
  const cases: Array<{ kind: string; path: string; strategy?: string; mergeKey?: string; retainKeys?: boolean }> = [
    { kind: 'Service', path: 'spec.ports', strategy: 'merge', mergeKey: 'port' },
    // edge: atomic lists carry no tag at all
    { kind: 'Service', path: 'spec.clusterIPs' },
    { kind: 'Service', path: 'spec.ipFamilies' },
    { kind: 'Service', path: 'spec.externalIPs' },
    { kind: 'Service', path: 'status.conditions', strategy: 'merge', mergeKey: 'type' },
    { kind: 'Pod', path: 'spec.containers', strategy: 'merge', mergeKey: 'name' },
    { kind: 'Pod', path: 'spec.initContainers.env', strategy: 'merge', mergeKey: 'name' },
    { kind: 'Pod', path: 'spec.containers.ports', strategy: 'merge', mergeKey: 'containerPort' },
    { kind: 'Pod', path: 'spec.containers.volumeMounts', strategy: 'merge', mergeKey: 'mountPath' },
    { kind: 'Pod', path: 'spec.volumes', strategy: 'merge', mergeKey: 'name', retainKeys: true },
    { kind: 'Pod', path: 'spec.tolerations' },
    { kind: 'Pod', path: 'status.conditions', strategy: 'merge', mergeKey: 'type' },
    { kind: 'Pod', path: 'status.podIPs', strategy: 'merge', mergeKey: 'ip' },
    { kind: 'ReplicaSet', path: 'spec.template.spec.containers', strategy: 'merge', mergeKey: 'name' },
    // edge: atomic for apply, still merged by ip for strategic merge patches (kube's tags on PodStatus.hostIPs)
    { kind: 'Pod', path: 'status.hostIPs', strategy: 'merge', mergeKey: 'ip' },
    { kind: 'Pod', path: 'status.resourceClaimStatuses', strategy: 'merge', mergeKey: 'name', retainKeys: true },
    { kind: 'Deployment', path: 'spec.template.spec.containers.env', strategy: 'merge', mergeKey: 'name' },
    { kind: 'Deployment', path: 'spec.template.metadata.finalizers', strategy: 'merge' },
    // edge: retainKeys without merge (was missing from the published OpenAPI kubectl reads)
    { kind: 'Deployment', path: 'spec.strategy', retainKeys: true },
    { kind: 'ReplicaSet', path: 'status.conditions', strategy: 'merge', mergeKey: 'type' },
    { kind: 'Endpoints', path: 'subsets' },
    { kind: 'EndpointSlice', path: 'endpoints' },
    { kind: 'EndpointSlice', path: 'ports' },
    { kind: 'Node', path: 'status.conditions', strategy: 'merge', mergeKey: 'type' },
    { kind: 'Node', path: 'status.addresses', strategy: 'merge', mergeKey: 'type' },
    { kind: 'Namespace', path: 'metadata.ownerReferences', strategy: 'merge', mergeKey: 'uid' },
    { kind: 'Lease', path: 'metadata.finalizers', strategy: 'merge' },
    { kind: 'Event', path: 'metadata.finalizers', strategy: 'merge' },
    // edge: an unknown kind has no tags, not even on metadata
    { kind: 'Widget', path: 'metadata.finalizers' },
  ];
  for (const c of cases) {
    t.test(`${c.kind} ${c.path}`, async (t) => {
      const m = at(c.kind, c.path);
      t.equal(m.strategy, c.strategy);
      t.equal(m.mergeKey, c.mergeKey);
      t.equal(m.retainKeys, c.retainKeys);
    });
  }
});

t.test('prototype names are not fields', async (t) => {
  t.strictSame(fieldMeta(patchMetaFor('Pod'), 'constructor'), {});
  t.strictSame(fieldMeta(patchMetaFor('Pod'), '__proto__'), {});
});
