/**
 * The DNS component publishes where it answers as an endpoint of the `kube-system/kube-dns`
 * Service (in `miniplane up --dataplane`), so the proxy carries the Service's ClusterIP:53 (UDP
 * `dns`, TCP `dns-tcp`) to it, as kube-proxy carries it to the CoreDNS pods on a cluster.
 *
 * Contract
 * - `dnsEndpointSlice` (pure): the EndpointSlice `<service>-<address>-<port>` in the Service's
 *   namespace, labelled `kubernetes.io/service-name: <service>` and
 *   `endpointslice.kubernetes.io/managed-by: dns.miniplane.dev` (so the EndpointSlice controller,
 *   which owns only its own managed-by value, leaves it alone), one endpoint at the listen address
 *   (ready, serving, not terminating), ports `dns`/UDP and `dns-tcp`/TCP at the listen port and,
 *   with a metrics listener, `metrics`/TCP at its port (CoreDNS's 9153 `/metrics`). One
 *   slice per DNS instance: several instances are several endpoints.
 * - `publishDnsEndpoints` writes it through the API once, then again whenever the slice informer
 *   shows it gone or different (a failed write is retried 1 s later); `stop()` deletes it (a
 *   stopping CoreDNS pod leaves the endpoints), a NotFound counting as done.
 * - The Service's Endpoints object stays the Endpoints controller's (empty: no pod has the
 *   selector); kube-proxy, and the proxy here, read only EndpointSlices.
 * Upstream: pkg/controller/endpointslice (managed-by ownership), kubeadm's kube-dns Service
 */
import { ApiError, findResourceByKind } from '@miniplane/api';
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import type { Logger, RestClient, SharedInformer } from '@miniplane/client';

const sliceInfo = findResourceByKind('discovery.k8s.io/v1', 'EndpointSlice')!;
export const dnsManagedBy = 'dns.miniplane.dev';
export const kubeDnsService = { namespace: 'kube-system', name: 'kube-dns' } as const;

export function dnsEndpointSlice(host: string, port: number, service: { namespace: string; name: string } = kubeDnsService, metricsPort?: number): EndpointSlice {
  const slug = `${host}-${port}`.toLowerCase().replace(/[^a-z0-9]/g, '-');
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: {
      name: `${service.name}-${slug}`, namespace: service.namespace,
      labels: { 'kubernetes.io/service-name': service.name, 'endpointslice.kubernetes.io/managed-by': dnsManagedBy },
    },
    addressType: host.includes(':') ? 'IPv6' : 'IPv4',
    endpoints: [{ addresses: [host], conditions: { ready: true, serving: true, terminating: false } }],
    ports: [{ name: 'dns', port, protocol: 'UDP' }, { name: 'dns-tcp', port, protocol: 'TCP' }, ...(metricsPort === undefined ? [] : [{ name: 'metrics', port: metricsPort, protocol: 'TCP' }])],
  } as EndpointSlice;
}

/** Whether the stored slice already says what `want` says (endpoints, ports, labels). */
export function sliceMatches(have: EndpointSlice, want: EndpointSlice): boolean {
  const pick = (s: EndpointSlice) => JSON.stringify([
    s.addressType, s.metadata.labels?.['kubernetes.io/service-name'], s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'],
    (s.endpoints ?? []).map((e) => [e.addresses, e.conditions?.ready, e.conditions?.serving, e.conditions?.terminating]),
    (s.ports ?? []).map((p) => [p.name, p.port, p.protocol]),
  ]);
  return pick(have) === pick(want);
}

export interface DnsEndpointsOptions {
  client: RestClient;
  slices: SharedInformer<EndpointSlice>;
  want: EndpointSlice;
  logger: Logger;
}

export function publishDnsEndpoints(o: DnsEndpointsOptions): { stop(): Promise<void> } {
  const { want } = o;
  const ns = want.metadata.namespace!;
  const name = want.metadata.name!;
  const api = o.client.resource<EndpointSlice>(sliceInfo).namespace(ns);
  let stopped = false;
  let busy = false;
  let again = false;
  let retry: NodeJS.Timeout | undefined;
  const ensure = async (): Promise<void> => {
    if (stopped) return;
    if (busy) return void (again = true);
    busy = true;
    try {
      const have = o.slices.store.get(`${ns}/${name}`);
      if (!have) await api.create(want);
      else if (!sliceMatches(have, want)) await api.update({ ...want, metadata: { ...want.metadata, resourceVersion: have.metadata.resourceVersion } });
    } catch (err: unknown) {
      // AlreadyExists/Conflict: the cache is behind; the informer's event brings the next try.
      if (!(err instanceof ApiError && err.code === 409)) o.logger.warn({ slice: `${ns}/${name}`, err: String(err) }, 'cannot publish the DNS endpoints');
      retry ??= setTimeout(() => {
        retry = undefined;
        void ensure();
      }, 1000);
    } finally {
      busy = false;
      if (again) {
        again = false;
        void ensure();
      }
    }
  };
  const ours = (s: EndpointSlice) => s.metadata.namespace === ns && s.metadata.name === name;
  const registration = o.slices.addEventHandler({
    onAdd: (s) => void (ours(s) && ensure()),
    onUpdate: (_old, s) => void (ours(s) && ensure()),
    onDelete: (s) => void (ours(s) && ensure()),
  });
  void ensure();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      void registration.remove();
      await api.delete(name).catch((err: unknown) => {
        if (!(err instanceof ApiError && err.code === 404)) o.logger.warn({ slice: `${ns}/${name}`, err: String(err) }, 'cannot remove the DNS endpoints');
      });
    },
  };
}
