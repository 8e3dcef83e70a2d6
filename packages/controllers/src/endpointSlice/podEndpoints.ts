/**
 * What a Service's pods are as endpoints — shared by the EndpointSlice and Endpoints
 * controllers, pure.
 *
 * Contract
 * - `servedBySelector(svc)`: not ExternalName and a non-empty selector (an empty selector reads
 *   back as none from kube's storage); only such Services get endpoints from pods.
 * - `selectedPods(svc, pods)`: the pods of the Service's namespace whose labels match every
 *   selector entry, by name.
 * - `shouldPodBeInEndpoints(pod, includeTerminating)`: not Succeeded/Failed, has an IP, and, unless
 *   `includeTerminating`, no deletionTimestamp.
 * - `resolvePorts(svc, pod)`: one port per Service port that resolves for the pod (FindPort: a
 *   number is itself; a name is the containerPort of the pod's container port of that name and
 *   protocol; unresolved ports are left out), `{name, port, protocol, appProtocol?}` in Service
 *   port order.
 * - `podToEndpoint(pod, node, svc, addressType)`: addresses = the pod IPs of that family;
 *   conditions serving = Ready condition True, terminating = deletionTimestamp set, ready =
 *   publishNotReadyAddresses || (serving && !terminating); hostname when the pod's hostname is set
 *   and its subdomain is the Service's name in the same namespace; targetRef {kind Pod, namespace,
 *   name, uid}; nodeName; zone from the node's `topology.kubernetes.io/zone` label.
 * - `selectingServices(services, pod, old)`: the Services with a selector matching the pod, or
 *   (for an update) its old labels; `podView(pod)` is what endpoints depend on (equal views need
 *   no sync).
 * - `serviceAddressTypes(svc)`: spec.ipFamilies; without them the clusterIP's family, or both for
 *   a headless Service.
 * Upstream: staging/src/k8s.io/endpointslice/utils.go (podToEndpoint, getEndpointPorts),
 * pkg/api/v1/pod/util.go (FindPort, IsPodReady), staging/src/k8s.io/endpointslice/util/
 * controller_utils.go (ShouldPodBeInEndpoints, ShouldSetHostname)
 */
import type { Pod, NodeObject } from '@miniplane/api/pod/types';
import { familyOfIP, type Service, type ServicePort } from '@miniplane/api/service/types';
import { canonicalJSON } from '../endpointSliceMirroring/desiredEndpoints.js';
import { isPodReady } from '../replicaSet/podOrder.js';
import type { AddressType, Endpoint, SlicePort } from '../endpointSliceMirroring/endpointTypes.js';

export const zoneLabel = 'topology.kubernetes.io/zone';

export function servedBySelector(svc: Service): boolean {
  return svc.spec?.type !== 'ExternalName' && Object.keys(svc.spec?.selector ?? {}).length > 0;
}

export function selectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  // Runs per pod of the namespace per sync: no allocation.
  for (const k in selector) if (labels?.[k] !== selector[k]) return false;
  return true;
}

export function selectedPods(svc: Service, pods: readonly Pod[]): Pod[] {
  const selector = svc.spec?.selector ?? {};
  return pods
    .filter((p) => p.metadata.namespace === svc.metadata.namespace && selectorMatches(selector, p.metadata.labels))
    .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
}

export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP && !pod.status?.podIPs?.length) return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}

interface ContainerPort {
  name?: string;
  containerPort?: number;
  protocol?: string;
}

/** FindPort; undefined when a named port is not found. */
export function findPort(pod: Pod, svcPort: ServicePort): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = svcPort.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of (c.ports as ContainerPort[] | undefined) ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}

export function resolvePorts(svc: Service, pod: Pod): SlicePort[] {
  const out: SlicePort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const p: SlicePort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol !== undefined) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

export function podIPs(pod: Pod): string[] {
  const list = pod.status?.podIPs?.map((p) => p.ip) ?? [];
  return list.length ? list : pod.status?.podIP ? [pod.status.podIP] : [];
}

export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  const hostname = pod.spec?.hostname as string | undefined;
  return !!hostname && pod.spec?.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

export function podToEndpoint(pod: Pod, node: NodeObject | undefined, svc: Service, addressType: AddressType): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = !!svc.spec?.publishNotReadyAddresses || (serving && !terminating);
  const endpoint: Endpoint = {
    addresses: podIPs(pod).filter((ip) => familyOfIP(ip) === addressType),
    conditions: { ready, serving, terminating },
  };
  if (shouldSetHostname(pod, svc)) endpoint.hostname = pod.spec.hostname as string;
  endpoint.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
  if (pod.spec?.nodeName) endpoint.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.[zoneLabel];
  if (zone) endpoint.zone = zone;
  return endpoint;
}

export function serviceAddressTypes(svc: Service): AddressType[] {
  const families = svc.spec?.ipFamilies ?? [];
  if (families.length) return families.filter((f): f is AddressType => f === 'IPv4' || f === 'IPv6');
  const ip = svc.spec?.clusterIP;
  if (!ip || ip === 'None') return ['IPv4', 'IPv6'];
  return [familyOfIP(ip)];
}

export function selectingServices(services: readonly Service[], pod: Pod, old: Pod | undefined): Service[] {
  return services.filter((svc) => {
    if (!servedBySelector(svc)) return false;
    const selector = svc.spec?.selector ?? {};
    return selectorMatches(selector, pod.metadata.labels) || (!!old && selectorMatches(selector, old.metadata.labels));
  });
}

/** What the endpoints of a pod depend on (kube's podEndpointsChanged, as one comparable text). */
export function podView(pod: Pod): string {
  const s = pod.status ?? {};
  return canonicalJSON([
    pod.metadata.labels, pod.metadata.deletionTimestamp, s.phase, s.podIP, s.podIPs,
    (s.conditions ?? []).find((c) => c.type === 'Ready')?.status, pod.spec?.nodeName, pod.spec?.hostname, pod.spec?.subdomain,
    (pod.spec?.containers ?? []).map((c) => c.ports),
  ]);
}
