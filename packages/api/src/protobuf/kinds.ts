/**
 * Which message a protobuf request body holds, by the apiVersion and kind of its envelope, and the
 * one registry of every schema table.
 *
 * Contract: only kinds listed here decode; anything else is "not registered", as in kube's scheme.
 * DeleteOptions is registered in every group version in kube, so it decodes under any apiVersion.
 */
import { SchemaRegistry } from './schema.js';
import { appsTables } from './tables/apps.js';
import { autoscalingTables } from './tables/autoscaling.js';
import { coordinationTables } from './tables/coordination.js';
import { coreClusterTables } from './tables/coreCluster.js';
import { coreWorkloadTables } from './tables/coreWorkloads.js';
import { discoveryTables } from './tables/discovery.js';
import { metaTables } from './tables/meta.js';
import { networkingTables } from './tables/networking.js';

export const schemas = new SchemaRegistry({
  ...metaTables,
  ...coreClusterTables,
  ...coreWorkloadTables,
  ...appsTables,
  ...discoveryTables,
  ...coordinationTables,
  ...networkingTables,
  ...autoscalingTables,
});

/** apiVersion → kind → message (table key). */
export const kindMessages: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  v1: {
    ConfigMap: 'ConfigMap',
    Namespace: 'Namespace',
    Service: 'Service',
    Pod: 'Pod',
    Endpoints: 'Endpoints',
    Event: 'Event',
    Node: 'Node',
  },
  'apps/v1': { Deployment: 'apps.Deployment', ReplicaSet: 'apps.ReplicaSet' },
  'discovery.k8s.io/v1': { EndpointSlice: 'discovery.EndpointSlice' },
  'coordination.k8s.io/v1': { Lease: 'coordination.Lease' },
  'networking.k8s.io/v1': { ServiceCIDR: 'networking.ServiceCIDR', IPAddress: 'networking.IPAddress' },
  'autoscaling/v1': { Scale: 'autoscaling.Scale' },
};

export function messageForKind(apiVersion: string, kind: string): string | undefined {
  if (kind === 'DeleteOptions') return 'DeleteOptions';
  return Object.hasOwn(kindMessages, apiVersion) && Object.hasOwn(kindMessages[apiVersion]!, kind) ? kindMessages[apiVersion]![kind] : undefined;
}
