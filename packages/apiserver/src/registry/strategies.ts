/**
 * The strategy table for the served kinds: kube's per-kind create/update preparation for the
 * behaviour the foundation needs. Service allocation and validation register over these; the
 * endpoint kinds come from endpointsStrategies.ts.
 * Upstream: pkg/registry/core/{namespace,pod,service,endpoint,node,event,configmap}/strategy.go,
 * pkg/registry/discovery/endpointslice/strategy.go, pkg/registry/apps/{deployment,replicaset}/strategy.go.
 */
import { nameIsDNS1035Label, nameIsDNSLabel } from '@miniplane/api/validation/names';
import { configMapStrategy } from './configMapStrategy.js';
import { endpointSliceStrategy, endpointsStrategy } from './endpointsStrategies.js';
import { podStrategy } from './podStrategy.js';
import { strategyKey, type Strategy, type StrategyTable } from './strategy.js';

const table: Array<[string, string, Strategy]> = [
  ['', 'Namespace', {
    nameValidator: nameIsDNSLabel,
    prepareForCreate(obj) {
      obj.spec = { finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active' };
    },
  }],
  ['', 'Service', {
    nameValidator: nameIsDNS1035Label,
    prepareForCreate(obj) {
      obj.status = { loadBalancer: {} };
    },
  }],
  ['', 'Pod', podStrategy()],
  ['', 'Endpoints', endpointsStrategy()],
  ['', 'Event', { allowCreateOnUpdate: true }],
  ['', 'ConfigMap', configMapStrategy()],
  ['discovery.k8s.io', 'EndpointSlice', endpointSliceStrategy()],
  ['coordination.k8s.io', 'Lease', { allowCreateOnUpdate: true }],
  ['apps', 'Deployment', { prepareForCreate: (obj) => void (obj.status = {}) }],
  ['apps', 'ReplicaSet', { prepareForCreate: (obj) => void (obj.status = { replicas: 0 }) }],
];

/** A fresh table; callers may add or wrap entries (the Service allocator does). */
export function defaultStrategies(): StrategyTable {
  return new Map(table.map(([group, kind, s]) => [strategyKey({ group, kind }), { ...s }]));
}
