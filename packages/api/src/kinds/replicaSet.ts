/**
 * apps/v1 ReplicaSet: generation tracked, status and scale subresources, created with status.replicas 0;
 * defaulted as kube's decoder does (replicas 1, the pod template's PodSpec defaults).
 * Upstream: pkg/registry/apps/replicaset/strategy.go, pkg/apis/apps/v1/defaults.go (SetDefaults_ReplicaSet)
 */
import { appsDefinitions } from '../openapi/appsSchemas.js';
import { replicaSetPrinter } from '../printers/apps.js';
import { appsTables } from '../protobuf/tables/apps.js';
import { coreWorkloadTables } from '../protobuf/tables/coreWorkloads.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';
import { podTemplateDefinitions } from './pod.js';
import { defaultPodTemplate } from '../pod/podDefaults.js';
import type { KubeObject } from '../types.js';

/** kube's SetDefaults_ReplicaSet (replicas 1) and the template's defaults; a new object. */
export function defaultReplicaSet(o: KubeObject): KubeObject {
  const spec = { ...((o.spec ?? {}) as Record<string, unknown>) };
  spec.replicas ??= 1;
  spec.template = defaultPodTemplate(spec.template);
  return { ...o, spec };
}

export const replicaSetKind: KindDescriptor = {
  resource: resourceRow({
    group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'],
    selectableFields: ['status.replicas'], hasGeneration: true,
  }),
  schema: { definitions: { ...appsDefinitions, ...podTemplateDefinitions } },
  protobuf: { message: 'apps.ReplicaSet', tables: { ...appsTables, ...coreWorkloadTables } },
  printer: replicaSetPrinter,
  defaults: defaultReplicaSet,
  strategy: { prepareForCreate: (obj) => void (obj.status = { replicas: 0 }) },
};
