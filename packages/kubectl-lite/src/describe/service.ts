/**
 * `kubectl describe service`: kubectl v1.32's layout, with the ready addresses of the Service's
 * EndpointSlices per port (three shown, then `+ N more...`) and the Service's Events.
 *
 * Contract: pure over the Service, its EndpointSlices (labelled kubernetes.io/service-name) and
 * its Events.
 * Upstream: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeService, formatEndpointSlices,
 * buildIngressString)
 */
import { DescribeWriter, formatSelector, writeAnnotations, writeEvents, writeLabels, type CoreEvent } from './describeText.js';

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
  nodePort?: number;
}

export interface Service {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    type?: string; selector?: Record<string, string>; ipFamilyPolicy?: string; ipFamilies?: string[]; clusterIP?: string; clusterIPs?: string[];
    externalIPs?: string[]; loadBalancerIP?: string; externalName?: string; ports?: ServicePort[]; sessionAffinity?: string;
    externalTrafficPolicy?: string; internalTrafficPolicy?: string; healthCheckNodePort?: number; loadBalancerSourceRanges?: string[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string; ipMode?: string }[] } };
}

export interface EndpointSlice {
  ports?: { name?: string; port?: number }[] | null;
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[] | null;
}

function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * formatEndpointSlices for one port name: ready addresses (unknown readiness counts as ready),
 * three shown then `+ N more...`; `<none>` without slices, `` when none serve the port.
 */
export function formatEndpoints(slices: readonly EndpointSlice[], portName: string): string {
  if (!slices.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  const add = (ep: { addresses: string[]; conditions?: { ready?: boolean } }, port?: number) => {
    if (list.length === max) more = true;
    if (ep.conditions?.ready === false) return;
    if (!more) list.push(port === undefined ? ep.addresses[0]! : joinHostPort(ep.addresses[0]!, port));
    count++;
  };
  for (const slice of slices) {
    const ports = slice.ports ?? [];
    if (!ports.length) {
      for (const ep of slice.endpoints ?? []) add(ep);
      continue;
    }
    for (const p of ports) if ((p.name ?? '') === portName) for (const ep of slice.endpoints ?? []) add(ep, p.port ?? 0);
  }
  return more ? `${list.join(',')} + ${count - max} more...` : list.join(',');
}

export function describeService(svc: Service, slices: readonly EndpointSlice[], events: readonly CoreEvent[] | undefined, now: Date): string {
  const w = new DescribeWriter();
  const s = svc.spec;
  w.write(0, `Name:\t${svc.metadata.name}\n`);
  w.write(0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
  writeLabels(w, 'Labels', svc.metadata.labels);
  writeAnnotations(w, svc.metadata.annotations);
  w.write(0, `Selector:\t${formatSelector(s.selector)}\n`);
  w.write(0, `Type:\t${s.type ?? ''}\n`);
  if (s.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${s.ipFamilyPolicy}\n`);
  w.write(0, `IP Families:\t${s.ipFamilies?.length ? s.ipFamilies.join(',') : '<none>'}\n`);
  w.write(0, `IP:\t${s.clusterIP ?? ''}\n`);
  w.write(0, `IPs:\t${s.clusterIPs?.length ? s.clusterIPs.join(',') : '<none>'}\n`);
  if (s.externalIPs?.length) w.write(0, `External IPs:\t${s.externalIPs.join(',')}\n`);
  if (s.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${s.loadBalancerIP}\n`);
  if (s.externalName) w.write(0, `External Name:\t${s.externalName}\n`);
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) w.write(0, `LoadBalancer Ingress:\t${ingress.map((i) => (i.ip || i.hostname || '') + (i.ipMode ? ` (${i.ipMode})` : '')).join(', ')}\n`);
  for (const p of s.ports ?? []) {
    const name = p.name || '<unset>';
    const protocol = p.protocol ?? 'TCP';
    w.write(0, `Port:\t${name}\t${p.port}/${protocol}\n`);
    w.write(0, `TargetPort:\t${p.targetPort ?? p.port}/${protocol}\n`);
    if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${protocol}\n`);
    w.write(0, `Endpoints:\t${formatEndpoints(slices, p.name ?? '')}\n`);
  }
  w.write(0, `Session Affinity:\t${s.sessionAffinity ?? ''}\n`);
  if (s.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${s.externalTrafficPolicy}\n`);
  if (s.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${s.internalTrafficPolicy}\n`);
  if (s.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${s.healthCheckNodePort}\n`);
  if (s.loadBalancerSourceRanges?.length) w.write(0, `LoadBalancer Source Ranges:\t${s.loadBalancerSourceRanges.join(',')}\n`);
  writeEvents(w, events, now);
  return w.text();
}
