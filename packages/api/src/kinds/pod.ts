/**
 * core/v1 Pod: defaulted as kube's decoder defaults it (pod/podDefaults.ts); created Pending with its QoS class
 * (pod/qos.ts); deleted gracefully; the selectable fields kube's pod strategy converts.
 *
 * Contract: `podGracePeriod` is kube's CheckGracefulDelete: the request's gracePeriodSeconds,
 * else the pod's `spec.terminationGracePeriodSeconds` (kube defaults it to 30 at create, so an
 * unset one counts as 30); 0 for a pod not bound to a node or already Succeeded/Failed, which
 * therefore go at once.
 * Upstream: pkg/registry/core/pod/strategy.go (PrepareForCreate, CheckGracefulDelete),
 * pkg/apis/core/v1/conversion.go
 */
import { affinityDefinitions } from '../openapi/affinitySchemas.js';
import { containerDefinitions } from '../openapi/containerSchemas.js';
import { podDefinitions } from '../openapi/podSchemas.js';
import { podPrinter } from '../printers/pod.js';
import { coreWorkloadTables } from '../protobuf/tables/coreWorkloads.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';
import type { KubeObject } from '../types.js';
import { podQOSClass } from '../pod/qos.js';
import { defaultPod } from '../pod/podDefaults.js';
import type { PodSpec } from '../pod/types.js';

/** kube's DefaultTerminationGracePeriodSeconds. */
export const defaultTerminationGracePeriodSeconds = 30;

export function podGracePeriod(pod: KubeObject, requested: number | undefined): number {
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number | bigint };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  // An int64 beyond 2^53 arrives as a bigint; as seconds of grace it is forever either way.
  const period = requested ?? Number(spec.terminationGracePeriodSeconds ?? defaultTerminationGracePeriodSeconds);
  return period < 0 ? 1 : period;
}

/** The Pod types and everything a pod template embeds (Deployments and ReplicaSets share them). */
export const podTemplateDefinitions = { ...podDefinitions, ...containerDefinitions, ...affinityDefinitions };

export const podKind: KindDescriptor = {
  resource: resourceRow({
    group: '', version: 'v1', kind: 'Pod', plural: 'pods', shortNames: ['po'], categories: ['all'], subresources: ['binding', 'eviction', 'log', 'status'], strictFieldLabels: true,
    selectableFields: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  }),
  schema: { definitions: podTemplateDefinitions },
  protobuf: { message: 'Pod', tables: coreWorkloadTables },
  printer: podPrinter,
  defaults: defaultPod,
  strategy: {
    prepareForCreate(obj) {
      obj.status = { phase: 'Pending', qosClass: podQOSClass(obj.spec as Partial<PodSpec> | undefined) };
    },
    gracePeriodForDelete: podGracePeriod,
  },
};
