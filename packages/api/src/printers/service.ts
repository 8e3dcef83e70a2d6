/**
 * Service table: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE [SELECTOR].
 *
 * Contract: pure.
 * - CLUSTER-IP: the primary cluster IP (`None` for headless), `<none>` when unallocated
 *   (ExternalName).
 * - EXTERNAL-IP: ClusterIP/NodePort → externalIPs or `<none>`; LoadBalancer → the sorted, unique
 *   ingress IPs (or hostnames) followed by externalIPs, `<pending>` when both are empty;
 *   ExternalName → spec.externalName; any other type → `<unknown>`. Never clipped: the apiserver
 *   prints with Wide=true.
 * - PORT(S): `80/TCP` or `80:30080/TCP` when a nodePort is set, joined by `,`; `<none>` if none.
 * - SELECTOR (wide): labels.FormatLabels of spec.selector.
 * Upstream: pkg/printers/internalversion/printers.go (printService, getServiceExternalIP,
 * makePortString, loadBalancerStatusStringer)
 */
import type { KubeObject, ObjectMeta } from '../types.js';
import { translateTimestampSince } from './age.js';
import { ageColumn, column, columns, nameColumn, wideColumn } from './columns.js';
import { serviceSpecDoc } from './descriptions.js';
import { formatLabels } from './selectorFormat.js';
import type { KindPrinter, PrintedRow } from './kindPrinter.js';

export interface ServicePortView {
  port?: number;
  nodePort?: number;
  protocol?: string;
}

export interface ServiceView {
  metadata: ObjectMeta;
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[] | null;
    externalIPs?: string[] | null;
    externalName?: string;
    ports?: ServicePortView[] | null;
    selector?: Record<string, string> | null;
  };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> | null } };
}

export const serviceColumns = columns(
  nameColumn,
  column('Type', serviceSpecDoc.type),
  column('Cluster-IP', serviceSpecDoc.clusterIP),
  column('External-IP', serviceSpecDoc.externalIPs),
  column('Port(s)', serviceSpecDoc.ports),
  ageColumn,
  wideColumn('Selector', serviceSpecDoc.selector),
);

/**
 * The internal ClusterIPs[0]. Why clusterIP first: v1→internal conversion makes clusterIP
 * authoritative when it disagrees with clusterIPs[0] (and fills clusterIPs from it when empty).
 */
function primaryClusterIP(svc: ServiceView): string {
  return svc.spec?.clusterIP || svc.spec?.clusterIPs?.[0] || '<none>';
}

/** loadBalancerStatusStringer(wide=true): unique, sorted, IP preferred over hostname. */
function loadBalancerIngress(svc: ServiceView): string[] {
  const seen = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    const value = ing.ip || ing.hostname;
    if (value) seen.add(value);
  }
  return [...seen].sort();
}

export function serviceExternalIP(svc: ServiceView): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const all = [...loadBalancerIngress(svc), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

export function servicePorts(ports: readonly ServicePortView[] | null | undefined): string {
  const pieces = (ports ?? []).map((p) => {
    const protocol = p.protocol ?? '';
    const port = p.port ?? 0;
    return p.nodePort && p.nodePort > 0 ? `${port}:${p.nodePort}/${protocol}` : `${port}/${protocol}`;
  });
  return pieces.length > 0 ? pieces.join(',') : '<none>';
}

export const servicePrinter: KindPrinter = {
  columns: serviceColumns,
  print(obj: KubeObject, now: Date): PrintedRow {
    const svc = obj as unknown as ServiceView;
    return {
      cells: [
        svc.metadata.name ?? '',
        svc.spec?.type ?? '',
        primaryClusterIP(svc),
        serviceExternalIP(svc),
        servicePorts(svc.spec?.ports),
        translateTimestampSince(svc.metadata.creationTimestamp, now),
        formatLabels(svc.spec?.selector),
      ],
    };
  },
};
