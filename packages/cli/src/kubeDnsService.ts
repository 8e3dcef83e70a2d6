/**
 * The `kube-system/kube-dns` Service `miniplane up --dns` / `--dataplane` creates, as kubeadm does
 * for CoreDNS: ClusterIP the 10th address of the primary service range (the `kubernetes`
 * Service's .1 plus 9), ports dns 53/UDP, dns-tcp 53/TCP, metrics 9153/TCP, selecting
 * `k8s-app: kube-dns` (no pod carries it: the DNS component runs beside the control plane, so the
 * Service has no endpoints). It names the cluster DNS for pods' resolv.conf (`kubectl-lite
 * resolv-conf`) and the apex NS record.
 *
 * Contract: created in-process before the ready line; an existing `kube-dns` (a kept data dir, or
 * one the user made) is left as it is; if .10 is taken the Service gets any free ClusterIP.
 * Upstream: kubeadm cmd/kubeadm/app/phases/addons/dns (CoreDNS Service manifest, GetDNSIP)
 */
import { findResourceByKind, type KubeObject } from '@miniplane/api';
import { formatIP, parseIP } from '@miniplane/api/allocators/cidr';
import type { RunningServer } from '@miniplane/apiserver';

const services = findResourceByKind('v1', 'Service')!;

/** The Service kubeadm makes, given the `kubernetes` Service's ClusterIP (the range's first address). */
export function kubeDnsService(kubernetesIP: string | undefined): KubeObject {
  const first = kubernetesIP ? parseIP(kubernetesIP) : undefined;
  const ip = first ? formatIP(first.family, first.value + 9n) : undefined;
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' } },
    spec: {
      ...(ip ? { clusterIP: ip } : {}),
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  } as KubeObject;
}

export function createKubeDnsService(server: Pick<RunningServer, 'registry'>): void {
  const r = server.registry;
  const exists = r.list(services, 'kube-system', { filter: (s) => s.metadata.name === 'kube-dns' }).items.length > 0;
  if (exists) return;
  const kubernetes = r.list(services, 'default', { filter: (s) => s.metadata.name === 'kubernetes' }).items[0];
  const want = kubeDnsService((kubernetes?.spec as { clusterIP?: string } | undefined)?.clusterIP);
  try {
    r.create(services, 'kube-system', want);
  } catch {
    // .10 already allocated to another Service: take any free address.
    const spec = { ...(want.spec as Record<string, unknown>) };
    delete spec.clusterIP;
    r.create(services, 'kube-system', { ...want, spec });
  }
}
