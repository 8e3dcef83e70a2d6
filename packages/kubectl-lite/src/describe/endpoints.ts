/**
 * `kubectl describe endpoints|endpointslice|namespace`: kubectl v1.32's layouts (subsets with
 * addresses, not-ready addresses and a port table; a slice's ports and one block per endpoint
 * with its conditions, hostname, target, node and zone; a namespace's status and conditions).
 *
 * Contract: pure over the object and its Events (undefined: no Events section).
 * Upstream: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeEndpoints,
 * describeEndpointSliceV1, describeNamespace)
 */
import { DescribeWriter, writeAnnotations, writeEvents, writeLabels, type CoreEvent } from './describeText.js';

interface Meta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function header(w: DescribeWriter, m: Meta, withNamespace = true): void {
  w.write(0, `Name:\t${m.name}\n`);
  if (withNamespace) w.write(0, `Namespace:\t${m.namespace ?? ''}\n`);
  writeLabels(w, 'Labels', m.labels);
  writeAnnotations(w, m.annotations);
}

export interface Endpoints {
  metadata: Meta;
  subsets?: { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[]; ports?: { name?: string; port: number; protocol?: string }[] }[];
}

export function describeEndpoints(ep: Endpoints, events: readonly CoreEvent[] | undefined, now: Date): string {
  const w = new DescribeWriter();
  header(w, ep.metadata);
  w.write(0, 'Subsets:\n');
  for (const ss of ep.subsets ?? []) {
    w.write(1, `Addresses:\t${(ss.addresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
    w.write(1, `NotReadyAddresses:\t${(ss.notReadyAddresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
    if (ss.ports?.length) {
      w.write(1, 'Ports:\n');
      w.write(2, 'Name\tPort\tProtocol\n');
      w.write(2, '----\t----\t--------\n');
      for (const p of ss.ports) w.write(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}\n`);
    }
    w.write(0, '\n');
  }
  writeEvents(w, events, now);
  return w.text();
}

export interface EndpointSlice {
  metadata: Meta;
  addressType?: string;
  ports?: { name?: string; port?: number; protocol?: string }[] | null;
  endpoints?: {
    addresses?: string[]; conditions?: { ready?: boolean }; hostname?: string; nodeName?: string; zone?: string;
    targetRef?: { kind?: string; name?: string };
  }[] | null;
}

export function describeEndpointSlice(es: EndpointSlice, events: readonly CoreEvent[] | undefined, now: Date): string {
  const w = new DescribeWriter();
  header(w, es.metadata);
  w.write(0, `AddressType:\t${es.addressType ?? ''}\n`);
  if (!es.ports?.length) w.write(0, 'Ports: <unset>\n');
  else {
    w.write(0, 'Ports:\n');
    w.write(1, 'Name\tPort\tProtocol\n');
    w.write(1, '----\t----\t--------\n');
    for (const p of es.ports) w.write(1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? 'TCP'}\n`);
  }
  if (!es.endpoints?.length) w.write(0, 'Endpoints: <none>\n');
  else {
    w.write(0, 'Endpoints:\n');
    for (const e of es.endpoints) {
      w.write(1, `- Addresses:\t${(e.addresses ?? []).join(', ') || '<none>'}\n`);
      w.write(2, 'Conditions:\n');
      w.write(3, `Ready:\t${e.conditions?.ready === undefined ? '<unset>' : String(e.conditions.ready)}\n`);
      w.write(2, `Hostname:\t${e.hostname ?? '<unset>'}\n`);
      if (e.targetRef) w.write(2, `TargetRef:\t${e.targetRef.kind ?? ''}/${e.targetRef.name ?? ''}\n`);
      w.write(2, `NodeName:\t${e.nodeName ?? '<unset>'}\n`);
      w.write(2, `Zone:\t${e.zone ?? '<unset>'}\n`);
    }
  }
  writeEvents(w, events, now);
  return w.text();
}

export interface Namespace {
  metadata: Meta;
  status?: { phase?: string; conditions?: { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }[] };
}

/** Go's time.RFC1123Z: `Mon, 02 Jan 2006 15:04:05 -0700` (UTC here). */
export function rfc1123z(t: string | undefined): string {
  const d = new Date(t ?? 0);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export function describeNamespace(ns: Namespace): string {
  const w = new DescribeWriter();
  header(w, ns.metadata, false);
  w.write(0, `Status:\t${ns.status?.phase ?? ''}\n`);
  const conds = ns.status?.conditions ?? [];
  if (conds.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conds) w.write(1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  return w.text();
}
