/**
 * What the Services view shows of one Service, as kubectl's `get services -o wide` columns show
 * it: type, ClusterIP(s), ports (with NodePorts), external and LoadBalancer addresses.
 *
 * Contract (pure): `serviceSummary` reads its input and returns new data; a headless Service
 * shows ClusterIP "None", an ExternalName one its external name.
 * Upstream: pkg/printers/internalversion/printers.go (printService)
 */
import type { Service, ServicePort } from './kube.js';

export interface ServiceSummary {
  namespace: string;
  name: string;
  type: string;
  clusterIPs: string[];
  externalName?: string;
  /** kubectl's PORT(S) entries: `80/TCP`, `80:30080/TCP`. */
  ports: string[];
  nodePorts: number[];
  externalIPs: string[];
  loadBalancerIPs: string[];
  selector?: Record<string, string>;
}

/** One port as kubectl prints it: `port[:nodePort]/protocol`. */
export function portText(p: ServicePort): string {
  return `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`;
}

export function serviceSummary(svc: Service): ServiceSummary {
  const spec = svc.spec ?? {};
  const ports = spec.ports ?? [];
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  const clusterIPs = spec.clusterIPs?.length ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
  return {
    namespace: svc.metadata.namespace ?? '',
    name: svc.metadata.name,
    type: spec.type ?? 'ClusterIP',
    clusterIPs,
    ...(spec.externalName ? { externalName: spec.externalName } : {}),
    ports: ports.map(portText),
    nodePorts: ports.flatMap((p) => (p.nodePort ? [p.nodePort] : [])),
    externalIPs: spec.externalIPs ?? [],
    loadBalancerIPs: ingress.flatMap((i) => (i.ip ? [i.ip] : i.hostname ? [i.hostname] : [])),
    ...(spec.selector ? { selector: spec.selector } : {}),
  };
}
