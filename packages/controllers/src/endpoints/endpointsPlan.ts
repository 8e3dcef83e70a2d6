/**
 * planEndpoints: kube-controller-manager's Endpoints controller for one Service, as a pure
 * function of the cached Service, the pods of its namespace and its current Endpoints.
 *
 * Contract
 * - No Service: its Endpoints (if any) is deleted. ExternalName or no selector: nothing (such
 *   Endpoints belong to the user).
 * - Pods: selected, and `shouldPodBeInEndpoints(pod, publishNotReadyAddresses)` (so terminating
 *   pods are dropped unless publishNotReadyAddresses). One address per pod: the pod IP of the
 *   Service's first ipFamily (without ipFamilies: the clusterIP's family, or for a headless
 *   Service the family of the pod's IP; a pod without such an IP is left out), `nodeName`,
 *   `hostname` when the pod's hostname+subdomain name the Service, targetRef {kind Pod,
 *   namespace, name, uid}. Per resolved Service port (a headless Service without ports: one
 *   subset without ports) it goes to `addresses` when the pod is Ready or publishNotReadyAddresses,
 *   else to `notReadyAddresses`; the subsets are then repacked as kube's RepackSubsets (ports
 *   offered by the same addresses share a subset; addresses sorted by IP, then uid; ports and
 *   subsets in the order of the md5 of their Go dump, as kube's SortSubsets).
 * - Over 1000 addresses (ready and not ready together) the subsets are truncated as kube's
 *   truncateEndpoints (ready ones preferred, each subset keeping its rounded-up share) and the
 *   annotation `endpoints.kubernetes.io/over-capacity: truncated` is set; otherwise removed.
 * - Metadata: name and namespace of the Service, labels = the Service's labels plus
 *   `service.kubernetes.io/headless: ""` when headless (minus it otherwise), the
 *   `endpoints.kubernetes.io/last-change-trigger-time` annotation when `triggerTime` is given
 *   (removed otherwise), other annotations of the current object kept.
 * - No write when the current Endpoints has a correct capacity annotation, the Service's labels
 *   (the headless label aside) and the same subsets (`subsetsEqual`: field by field, a targetRef's
 *   resourceVersion aside). A pod's part (`podSubsets`) is remembered per informer-cached (frozen)
 *   Service and pod object, so a sync after one pod change recomputes that pod only.
 * Upstream: pkg/controller/endpoint/endpoints_controller.go (syncService, addEndpointSubset,
 * podToEndpointAddressForService, truncateEndpoints, capacityAnnotationSetCorrectly),
 * pkg/api/v1/endpoints/util.go (RepackSubsets)
 */
import type { Pod } from '@miniplane/api/pod/types';
import { deepFreeze } from '@miniplane/client';
import { familyOfIP, type Service } from '@miniplane/api/service/types';
import { canonicalJSON, repackSubsets } from '../endpointSliceMirroring/desiredEndpoints.js';
import {
  lastChangeTriggerTimeAnnotation, type EndpointAddress, type EndpointPort, type EndpointSubset, type Endpoints,
} from '../endpointSliceMirroring/endpointTypes.js';
import { headlessLabel, isHeadlessService } from '../endpointSlice/endpointSlicePlan.js';
import { isPodReady } from '../replicaSet/podOrder.js';
import { findPort, podIPs, selectorMatches, servedBySelector, shouldPodBeInEndpoints, shouldSetHostname } from '../endpointSlice/podEndpoints.js';

export const maxEndpointsCapacity = 1000;
export const overCapacityAnnotation = 'endpoints.kubernetes.io/over-capacity';

export type EndpointsPlan =
  | { action: 'none' }
  | { action: 'delete'; endpoints: Endpoints }
  | { action: 'create' | 'update'; endpoints: Endpoints };

export interface EndpointsInput {
  service: Service | undefined;
  /** The pods of the Service's namespace. */
  pods: readonly Pod[];
  current: Endpoints | undefined;
  triggerTime?: string;
  /** `desiredSubsets(service, pods)` when the caller has it (the controller's SubsetCache). */
  subsets?: EndpointSubset[];
}

export function planEndpoints(input: EndpointsInput): EndpointsPlan {
  const { service, current } = input;
  if (!service) return current ? { action: 'delete', endpoints: current } : { action: 'none' };
  if (!servedBySelector(service)) return { action: 'none' };
  const subsets = input.subsets ?? desiredSubsets(service, input.pods);
  const serviceLabels = service.metadata.labels ?? {};
  if (current?.metadata.resourceVersion) {
    const { [headlessLabel]: _h, ...currentLabels } = current.metadata.labels ?? {};
    // The cheap checks first: a truncated (over capacity) object never equals its desired subsets.
    if (capacityAnnotationSetCorrectly(current) && canonicalJSON(currentLabels) === canonicalJSON(serviceLabels)
      && subsetsEqual(current.subsets ?? [], subsets)) return { action: 'none' };
  }
  const annotations: Record<string, string> = { ...current?.metadata.annotations };
  if (input.triggerTime) annotations[lastChangeTriggerTimeAnnotation] = input.triggerTime;
  else delete annotations[lastChangeTriggerTimeAnnotation];
  if (truncate(subsets)) annotations[overCapacityAnnotation] = 'truncated';
  else delete annotations[overCapacityAnnotation];
  const labels: Record<string, string> = { ...serviceLabels };
  if (isHeadlessService(service)) labels[headlessLabel] = '';
  else delete labels[headlessLabel];
  const endpoints: Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      ...(current ? current.metadata : {}), name: service.metadata.name, namespace: service.metadata.namespace, labels,
      ...(Object.keys(annotations).length ? { annotations } : { annotations: undefined }),
    },
    subsets,
  };
  if (!endpoints.metadata.annotations) delete endpoints.metadata.annotations;
  return { action: current?.metadata.resourceVersion ? 'update' : 'create', endpoints };
}

/** The subsets before truncation (kube: the loop over pods, then RepackSubsets). */
export function desiredSubsets(service: Service, pods: readonly Pod[]): EndpointSubset[] {
  const raw: EndpointSubset[] = [];
  // Pod order does not matter: repacking sorts the addresses.
  for (const pod of pods) for (const s of podSubsets(service, pod)) raw.push(s);
  return repackSubsets(raw).map((s) => {
    const out: EndpointSubset = {};
    if (s.addresses?.length) out.addresses = s.addresses;
    if (s.notReadyAddresses?.length) out.notReadyAddresses = s.notReadyAddresses;
    if (s.ports?.length) out.ports = s.ports.map(({ name, ...rest }) => (name ? { name, ...rest } : rest));
    return out;
  });
}

// Per frozen (informer-cached) Service and pod: what the pod adds (the sync runs per pod change over every pod).
const memo = new WeakMap<Service, WeakMap<Pod, readonly EndpointSubset[]>>();

/** One pod's subsets before repacking (none unless the Service selects it): one per resolved Service port, its address ready or not. */
export function podSubsets(service: Service, pod: Pod): readonly EndpointSubset[] {
  const cacheable = Object.isFrozen(service) && Object.isFrozen(pod);
  let byPod = cacheable ? memo.get(service) : undefined;
  if (cacheable && !byPod) memo.set(service, (byPod = new WeakMap()));
  const hit = byPod?.get(pod);
  if (hit) return hit;
  const tolerateUnready = !!service.spec?.publishNotReadyAddresses;
  const raw: EndpointSubset[] = [];
  const selected = pod.metadata.namespace === service.metadata.namespace && selectorMatches(service.spec?.selector ?? {}, pod.metadata.labels);
  const address = selected && shouldPodBeInEndpoints(pod, tolerateUnready) ? podAddress(service, pod) : undefined;
  const add = (ports: EndpointPort[] | undefined): void => {
    const list = tolerateUnready || isPodReady(pod) ? 'addresses' : 'notReadyAddresses';
    raw.push({ [list]: [address], ...(ports ? { ports } : {}) });
  };
  const svcPorts = address ? service.spec?.ports ?? [] : [];
  if (address && !svcPorts.length && service.spec?.clusterIP === 'None') add(undefined);
  for (const sp of svcPorts) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const p: EndpointPort = { ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol !== undefined) p.appProtocol = sp.appProtocol;
    add([p]);
  }
  byPod?.set(pod, deepFreeze(raw));
  return raw;
}

/** podToEndpointAddressForService; undefined when the pod has no IP of the Service's family. */
function podAddress(service: Service, pod: Pod): EndpointAddress | undefined {
  const families = service.spec?.ipFamilies ?? [];
  const clusterIP = service.spec?.clusterIP;
  const family = families[0]
    ?? (clusterIP && clusterIP !== 'None' ? familyOfIP(clusterIP) : pod.status?.podIP ? familyOfIP(pod.status.podIP) : 'IPv4');
  const ip = podIPs(pod).find((x) => familyOfIP(x) === family);
  if (!ip) return undefined;
  const address: EndpointAddress = { ip };
  if (shouldSetHostname(pod, service)) address.hostname = pod.spec.hostname as string;
  // kube writes a pointer to spec.nodeName; an empty one would not validate (a pod with an IP has a node).
  if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
  address.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
  return address;
}

/** kube's endpointSubsetsEqualIgnoreResourceVersion, field by field (the subsets hold up to every pod of the Service). */
export function subsetsEqual(a: readonly EndpointSubset[], b: readonly EndpointSubset[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (!listEqual(x.addresses, y.addresses, addressEqual) || !listEqual(x.notReadyAddresses, y.notReadyAddresses, addressEqual)
      || !listEqual(x.ports, y.ports, portEqual)) return false;
  }
  return true;
}

function listEqual<T>(a: readonly T[] | undefined, b: readonly T[] | undefined, eq: (x: T, y: T) => boolean): boolean {
  const p = a ?? [];
  const q = b ?? [];
  if (p.length !== q.length) return false;
  for (let i = 0; i < p.length; i++) if (!eq(p[i], q[i])) return false;
  return true;
}

function addressEqual(a: EndpointAddress, b: EndpointAddress): boolean {
  const r = a.targetRef;
  const s = b.targetRef;
  return a.ip === b.ip && (a.hostname ?? '') === (b.hostname ?? '') && a.nodeName === b.nodeName && !r === !s
    && (!r || !s || (r.kind === s.kind && r.namespace === s.namespace && r.name === s.name && r.uid === s.uid && r.apiVersion === s.apiVersion && r.fieldPath === s.fieldPath));
}

function portEqual(a: EndpointPort, b: EndpointPort): boolean {
  return (a.name ?? '') === (b.name ?? '') && a.port === b.port && (a.protocol ?? '') === (b.protocol ?? '') && a.appProtocol === b.appProtocol;
}

function capacityAnnotationSetCorrectly(current: Endpoints): boolean {
  const n = (current.subsets ?? []).reduce((sum, s) => sum + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
  if (n > maxEndpointsCapacity) return false;
  return !(overCapacityAnnotation in (current.metadata.annotations ?? {}));
}

/** truncateEndpoints (in place); true if anything was cut. */
export function truncate(subsets: EndpointSubset[], max = maxEndpointsCapacity): boolean {
  let ready = 0;
  let notReady = 0;
  for (const s of subsets) {
    ready += s.addresses?.length ?? 0;
    notReady += s.notReadyAddresses?.length ?? 0;
  }
  if (ready + notReady <= max) return false;
  const truncateReady = ready > max;
  const budget = truncateReady ? max : max - ready;
  const total = truncateReady ? ready : notReady;
  let left = budget;
  for (const s of subsets) {
    const inSubset = (truncateReady ? s.addresses?.length : s.notReadyAddresses?.length) ?? 0;
    const take = Math.min(Math.ceil((inSubset / total) * budget), left);
    if (truncateReady) {
      s.addresses = (s.addresses ?? []).slice(0, take);
      delete s.notReadyAddresses;
      left -= s.addresses.length;
    } else {
      s.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, take);
      if (!s.notReadyAddresses.length) delete s.notReadyAddresses;
      left -= s.notReadyAddresses?.length ?? 0;
    }
  }
  return true;
}
