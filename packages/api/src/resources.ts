/**
 * The served resources: one row per kind, the single source for routing, discovery, OpenAPI,
 * field selectors and printing.
 *
 * Contract: pure data. `findResource` answers by group/version/plural; `resolveResource` also
 * accepts kinds, singular names and shortNames the way kubectl's RESTMapper does.
 * Upstream: the API groups as served by kube-apiserver v1.33 (`kubectl api-resources`).
 */

export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Subresources served besides the main resource: `status`, `scale`. */
  subresources: Array<'status' | 'scale'>;
  /** Fields usable in a fieldSelector besides metadata.name / metadata.namespace. */
  selectableFields: string[];
  /** Whether spec changes bump metadata.generation (kinds with a spec/status split). */
  hasGeneration: boolean;
}

export const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function r(p: Partial<ResourceInfo> & Pick<ResourceInfo, 'group' | 'version' | 'kind' | 'plural'>): ResourceInfo {
  return {
    singular: p.kind.toLowerCase(),
    namespaced: true,
    shortNames: [],
    categories: [],
    subresources: [],
    selectableFields: [],
    hasGeneration: false,
    ...p,
  };
}

export const resources: readonly ResourceInfo[] = [
  r({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], subresources: ['status'], selectableFields: ['status.phase'] }),
  r({
    group: '', version: 'v1', kind: 'Pod', plural: 'pods', shortNames: ['po'], categories: ['all'], subresources: ['status'],
    selectableFields: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  }),
  r({ group: '', version: 'v1', kind: 'Service', plural: 'services', shortNames: ['svc'], categories: ['all'], subresources: ['status'], selectableFields: ['spec.clusterIP', 'spec.type'] }),
  r({ group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', shortNames: ['ep'] }),
  r({ group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'], subresources: ['status'], selectableFields: ['spec.unschedulable'] }),
  r({
    group: '', version: 'v1', kind: 'Event', plural: 'events', shortNames: ['ev'],
    selectableFields: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  }),
  r({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'] }),
  r({ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', selectableFields: ['addressType'] }),
  r({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases' }),
  r({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'], hasGeneration: true }),
  r({ group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'], selectableFields: ['status.replicas'], hasGeneration: true }),
  r({ group: 'networking.k8s.io', version: 'v1', kind: 'ServiceCIDR', plural: 'servicecidrs', namespaced: false, subresources: ['status'], hasGeneration: true }),
  r({ group: 'networking.k8s.io', version: 'v1', kind: 'IPAddress', plural: 'ipaddresses', namespaced: false, shortNames: ['ip'] }),
];

export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

export function listKindOf(info: ResourceInfo): string {
  return `${info.kind}List`;
}

export function findResource(group: string, version: string, plural: string): ResourceInfo | undefined {
  return resources.find((x) => x.group === group && x.version === version && x.plural === plural);
}

export function findResourceByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return resources.find((x) => apiVersionOf(x) === apiVersion && x.kind === kind);
}

/**
 * kubectl-style lookup of a user-typed resource name: plural, singular, short name or kind,
 * optionally qualified by group (`deployments.apps`). Case-insensitive like kubectl.
 */
export function resolveResource(typed: string): ResourceInfo | undefined {
  const lower = typed.toLowerCase();
  const dot = lower.indexOf('.');
  const name = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? undefined : lower.slice(dot + 1);
  return resources.find(
    (x) =>
      (group === undefined || x.group === group) &&
      (x.plural === name || x.singular === name || x.kind.toLowerCase() === name || x.shortNames.includes(name)),
  );
}

/** Every API group with its served versions, in discovery order (core group `""` first). */
export function groupVersions(): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const x of resources) seen.set(apiVersionOf(x), { group: x.group, version: x.version });
  return [...seen.values()];
}
