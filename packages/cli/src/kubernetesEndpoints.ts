/**
 * The apiserver's endpoint reconciler for `default/kubernetes`, run by `miniplane up --dataplane`
 * in-process: the Endpoints and the EndpointSlice naming the apiserver's own address and port, so
 * the proxy carries `kubernetes` ClusterIP:443 to the apiserver (and the rules view shows it).
 *
 * Contract
 * - `planKubernetesEndpoints` (pure): given what is stored, the writes that make it kube's shape:
 *   Endpoints `kubernetes` labelled `endpointslice.kubernetes.io/skip-mirror: "true"` with one
 *   subset (the address, port `https`/TCP); EndpointSlice `kubernetes` labelled only
 *   `kubernetes.io/service-name: kubernetes`, addressType of the address's family, one endpoint
 *   `conditions.ready: true`, the same port. An object whose subsets/labels (Endpoints) or
 *   endpoints/ports/labels (slice) already match is left alone; other slices labelled for
 *   `kubernetes` are deleted.
 * - `reconcileKubernetesEndpoints` writes the plan through the registry (its strategies, hence
 *   validation, as kube's reconciler goes through the API); the reconciler repeats it every 10 s
 *   (kube's EndpointInterval) until stopped. Nothing is removed at stop: kube's lease reconciler
 *   refuses to erase the last apiserver's address.
 * - The address: the apiserver's listen IP; a wildcard listen (0.0.0.0, ::) gives 127.0.0.1 / ::1.
 * Deviation: the address is loopback, which kube's validation refuses (and kube would advertise a
 * routable IP); `up --dataplane` accepts it for exactly that address (see dataplane.ts).
 * Upstream: pkg/controlplane/reconcilers/endpointsadapter.go, lease.go
 */
import { findResourceByKind, type KubeObject } from '@miniplane/api';
import type { RunningServer } from '@miniplane/apiserver';

const endpointsInfo = findResourceByKind('v1', 'Endpoints')!;
const slicesInfo = findResourceByKind('discovery.k8s.io/v1', 'EndpointSlice')!;
const name = 'kubernetes';
const namespace = 'default';
const serviceNameLabel = 'kubernetes.io/service-name';
const skipMirrorLabel = 'endpointslice.kubernetes.io/skip-mirror';
const reconcileIntervalMs = 10_000;

export interface KubernetesEndpointsPlan {
  endpoints?: { create: boolean; obj: KubeObject };
  slice?: { create: boolean; obj: KubeObject };
  deleteSlices: string[];
}

/** The address kube's reconciler would advertise for a server listening on `host`. */
export function advertisedAddress(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  return host === '::' ? '::1' : host;
}

/** Semantic equality of JSON values (key order aside: the server stores its own order). */
const canonical = (v: unknown): string => JSON.stringify(v ?? null, (_k, x: unknown) =>
  x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x);
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

export function planKubernetesEndpoints(current: { endpoints?: KubeObject; slices: readonly KubeObject[] }, ip: string, port: number): KubernetesEndpointsPlan {
  const ports = [{ name: 'https', port, protocol: 'TCP' }];
  const addressType = ip.includes(':') ? 'IPv6' : 'IPv4';
  const plan: KubernetesEndpointsPlan = { deleteSlices: [] };
  const ep = current.endpoints as (KubeObject & { subsets?: unknown }) | undefined;
  const subsets = [{ addresses: [{ ip }], ports }];
  const epLabels = { [skipMirrorLabel]: 'true' };
  if (!ep || !same(ep.subsets, subsets) || !same(ep.metadata.labels, epLabels)) {
    const base = ep ?? { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace } };
    plan.endpoints = { create: !ep, obj: { ...base, metadata: { ...base.metadata, labels: epLabels }, subsets } as KubeObject };
  }
  const ours = current.slices.find((s) => s.metadata.name === name && (s as { addressType?: string }).addressType === addressType) as
    (KubeObject & { endpoints?: unknown; ports?: unknown }) | undefined;
  plan.deleteSlices = current.slices.filter((s) => s !== ours).map((s) => s.metadata.name ?? '');
  const endpoints = [{ addresses: [ip], conditions: { ready: true } }];
  const sliceLabels = { [serviceNameLabel]: name };
  if (!ours || !same(ours.endpoints, endpoints) || !same(ours.ports, ports) || !same(ours.metadata.labels, sliceLabels)) {
    const base = ours ?? { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name, namespace } };
    plan.slice = { create: !ours, obj: { ...base, metadata: { ...base.metadata, labels: sliceLabels }, addressType, endpoints, ports } as KubeObject };
  }
  return plan;
}

/** One pass: reads what is stored and writes the plan. */
export function reconcileKubernetesEndpoints(server: Pick<RunningServer, 'registry'>, ip: string, port: number): KubernetesEndpointsPlan {
  const r = server.registry;
  const endpoints = r.list(endpointsInfo, namespace, { filter: (o) => o.metadata.name === name }).items[0];
  const slices = r.list(slicesInfo, namespace, { filter: (o) => o.metadata.labels?.[serviceNameLabel] === name }).items;
  const plan = planKubernetesEndpoints({ endpoints, slices }, ip, port);
  if (plan.endpoints) {
    if (plan.endpoints.create) r.create(endpointsInfo, namespace, plan.endpoints.obj);
    else r.update(endpointsInfo, namespace, name, plan.endpoints.obj, '');
  }
  for (const s of plan.deleteSlices) r.delete(slicesInfo, namespace, s);
  if (plan.slice) {
    if (plan.slice.create) r.create(slicesInfo, namespace, plan.slice.obj);
    else r.update(slicesInfo, namespace, name, plan.slice.obj, '');
  }
  return plan;
}

/** Reconciles now and every 10 s; a failed pass (e.g. during a reset) is retried at the next. */
export function startKubernetesEndpoints(server: Pick<RunningServer, 'registry' | 'host' | 'port'>, onError: (err: unknown) => void): { stop(): void } {
  const ip = advertisedAddress(server.host);
  const pass = () => {
    try {
      reconcileKubernetesEndpoints(server, ip, server.port);
    } catch (err: unknown) {
      onError(err);
    }
  };
  pass();
  const timer = setInterval(pass, reconcileIntervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
